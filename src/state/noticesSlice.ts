/** Notices: errors and information the UI lists until dismissed. */
import type { GetState, SetState } from './types';
import type { NoticesSlice } from './inspectorTypes';

/** Older notices drop off so a repeating failure cannot grow the list without bound. */
const MAX_NOTICES = 6;

export function createNoticesSlice(set: SetState, _get: GetState): NoticesSlice {
  let nextId = 1;
  return {
    notices: [],
    notify(level, text, details) {
      const notice = { id: nextId++, level, text, details };
      set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
    },
    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
}
