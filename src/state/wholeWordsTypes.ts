/** The "whole words" switch: word pieces read as words in the views (wholeWordsSlice.ts). */
export interface WholeWordsSlice {
  wholeWords: boolean;
  /** Turns the switch; the image's and the selection's words are asked for again. */
  setWholeWords(on: boolean): Promise<void>;
}
