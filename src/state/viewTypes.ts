/** Which tab the page shows: the inspector, one of the analysis views (Compare, Sweep, Vocabulary), or the scene composer. */
export const VIEWS = ['inspect', 'compose', 'compare', 'sweep', 'vocab'] as const;
export type ViewTab = (typeof VIEWS)[number];

export interface ViewSlice {
  view: ViewTab;
  setView(view: ViewTab): void;
}
