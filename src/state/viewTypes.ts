/** Which tab the page shows: the inspector, or one of the analysis views (Compare, Sweep, Vocabulary). */
export const VIEWS = ['inspect', 'compare', 'sweep', 'vocab'] as const;
export type ViewTab = (typeof VIEWS)[number];

export interface ViewSlice {
  view: ViewTab;
  setView(view: ViewTab): void;
}
