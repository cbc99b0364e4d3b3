/** Which tab the page shows: the inspector, or one of the analysis views (Compare, Sweep, Vocabulary). */
import type { SetState } from './types';

const VIEWS = ['inspect', 'compare', 'sweep', 'vocab'] as const;
export type ViewTab = (typeof VIEWS)[number];

export interface ViewSlice {
  view: ViewTab;
  setView(view: ViewTab): void;
}

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
