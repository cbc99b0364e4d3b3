/**
 * The one error type for "this file is not an image we can use". Its message is the user-facing
 * text: it names the file, says what was found and what to do. Tests pin the exact strings.
 */
export class ImageInputError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ImageInputError';
    this.file = file;
    this.reason = reason;
  }
}

export const EXPECTED_FORMATS = 'expected a PNG, JPEG or GIF image';
