/**
 * The backgrounds' named colours and kinds, as EmojiScenes draws them
 * (data/emojiscenes/backgrounds.py, PALETTE and KINDS): named colours only, so every background
 * has a truthful description, and the model has seen each of them in training.
 */
export const PALETTE = {
  red: [214, 48, 49],
  orange: [240, 140, 40],
  yellow: [246, 214, 70],
  green: [76, 168, 84],
  blue: [52, 110, 210],
  'light blue': [150, 200, 240],
  purple: [128, 72, 180],
  pink: [240, 156, 196],
  brown: [128, 84, 52],
  gray: [128, 128, 128],
  white: [244, 244, 240],
  black: [28, 28, 30],
} as const satisfies Record<string, readonly [number, number, number]>;

export type ColourName = keyof typeof PALETTE;
export const COLOUR_NAMES = Object.keys(PALETTE) as ColourName[];

export const BACKGROUND_KINDS = ['flat', 'gradient', 'noise', 'stripes', 'checks', 'dots'] as const;
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

/** Kinds drawn in two colours; the others use the first only. */
export const TWO_COLOUR_KINDS: ReadonlySet<BackgroundKind> = new Set(['gradient', 'stripes', 'checks', 'dots']);

export const isColourName = (v: unknown): v is ColourName => typeof v === 'string' && Object.hasOwn(PALETTE, v);
export const isBackgroundKind = (v: unknown): v is BackgroundKind => (BACKGROUND_KINDS as readonly unknown[]).includes(v);
