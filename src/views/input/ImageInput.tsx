/** Ways to give the model an image: upload, paste (anywhere on the page), sample buttons. Drop is DropZone. */
import { useEffect, useState } from 'react';
import { useExplorer } from '../../state';
import { firstImageFile, imageName } from './imageFiles';
import { fetchSample, loadSampleList, samplesBase, type Sample } from './samples';

export function ImageInput() {
  const encodeImage = useExplorer((s) => s.encodeImage);
  const notify = useExplorer((s) => s.notify);
  const ready = useExplorer((s) => s.model.info !== null);
  const [samples, setSamples] = useState<Sample[]>([]);

  useEffect(() => {
    loadSampleList().then(setSamples, (e: Error) => notify('error', `Could not list the sample images: ${e.message}`));
  }, [notify]);

  useEffect(() => {
    async function onPaste(e: ClipboardEvent) {
      // Leave text pastes into fields alone.
      const file = firstImageFile(e.clipboardData?.files);
      if (!file) return;
      e.preventDefault();
      await encodeImage(imageName(file), file);
    }
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [encodeImage]);

  async function onFile(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = ''; // so choosing the same file again still fires change
    if (!file) return;
    await encodeImage(imageName(file), file);
  }

  async function onSample(s: Sample) {
    try {
      await encodeImage(s.file, await fetchSample(s));
    } catch (e) {
      notify('error', `Could not load the sample image: ${(e as Error).message}`);
    }
  }

  return (
    <div className="image-input">
      <label className="upload">
        <span>Upload image</span>
        <input type="file" accept="image/*" aria-label="Upload image" onChange={onFile} disabled={!ready} />
      </label>
      {samples.length > 0 && (
        <div className="samples" role="group" aria-label="Sample images">
          {samples.map((s) => (
            <button key={s.file} type="button" onClick={() => onSample(s)} disabled={!ready}>
              <img src={samplesBase() + s.file} alt="" width={28} height={28} />
              {s.label}
            </button>
          ))}
        </div>
      )}
      <p className="hint">…or drop an image onto the panel, or paste one (Ctrl+V).</p>
    </div>
  );
}
