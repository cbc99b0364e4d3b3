/** Picking an image file out of drops, pastes and file inputs (pure apart from File reads). */

/** The first file that looks like an image; browsers leave `type` empty for some formats, so fall back on the name. */
export function firstImageFile(files: ArrayLike<File> | null | undefined): File | null {
  if (!files) return null;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f.type.startsWith('image/') || /\.(png|jpe?g|gif|webp|bmp)$/i.test(f.name)) return f;
  }
  return null;
}

export async function readImage(file: File): Promise<{ name: string; bytes: ArrayBuffer }> {
  return { name: file.name || 'pasted image', bytes: await file.arrayBuffer() };
}
