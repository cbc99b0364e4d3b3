/** Picking an image file out of drops, pastes and file inputs (pure). */

/** The first file that looks like an image; browsers leave `type` empty for some formats, so fall back on the name. */
export function firstImageFile(files: ArrayLike<File> | null | undefined): File | null {
  if (!files) return null;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f.type.startsWith('image/') || /\.(png|jpe?g|gif|webp|bmp)$/i.test(f.name)) return f;
  }
  return null;
}

/** The name an image file is shown under (a pasted image may have none). */
export function imageName(file: File): string {
  return file.name || 'pasted image';
}
