/** The model's input crop, drawn at its own resolution and stretched by CSS to the panel. */
import type { ImageRGBA } from '../../model/encode';
import { useEffect, useRef } from 'react';

export function PreviewCanvas({ image }: { image: ImageRGBA }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = image.width;
    canvas.height = image.height;
    // ImageData wants its own buffer type; the worker's array may be a view on a larger one.
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  return <canvas ref={ref} className="preview-canvas" aria-hidden="true" />;
}
