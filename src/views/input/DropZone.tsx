/** Accepts an image dropped onto its children and sends it to the encoder. */
import { useState, type DragEvent, type ReactNode } from 'react';
import { useExplorer } from '../../state';
import { firstImageFile, imageName } from './imageFiles';

export function DropZone({ children }: { children: ReactNode }) {
  const encodeImage = useExplorer((s) => s.encodeImage);
  const notify = useExplorer((s) => s.notify);
  const [over, setOver] = useState(false);

  function onDragOver(e: DragEvent) {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    setOver(true);
  }
  async function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const file = firstImageFile(e.dataTransfer.files);
    if (!file) {
      notify('error', 'The dropped item is not an image file (expected PNG, JPEG, GIF, WebP or BMP).');
      return;
    }
    await encodeImage(imageName(file), file);
  }
  return (
    <div className={over ? 'drop-zone drop-over' : 'drop-zone'} onDragOver={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      {children}
    </div>
  );
}
