/** Which tab the page shows: the inspector, or one of the analysis views (Compare, Sweep, Vocabulary). */
import type { SetState } from './types';
import { VIEWS, type ViewSlice, type ViewTab } from './viewTypes';

export function isViewTab(v: unknown): v is ViewTab {
  return typeof v === 'string' && (VIEWS as readonly string[]).includes(v);
}

export function createViewSlice(set: SetState): ViewSlice {
  return {
    view: 'inspect',
    setView(view) {
      set({ view });
    },
  };
}
