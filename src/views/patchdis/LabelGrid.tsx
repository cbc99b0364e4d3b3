/**
 * Patch labels as coloured cells (PatchDis, the paper's Fig. 3): over the image, or alone on a
 * neutral ground. Labels: -1 background (not drawn), c = class c.
 */
import type { ImageRGBA } from '../../model/encode';
import { PreviewCanvas } from '../image/PreviewCanvas';
import { classColor } from './labelColors';
import { SaveImageButtons } from '../export/SaveImageButtons';
import { slug } from '../export/ImageSaveBar';

interface Props {
  label: string;
  grid: [number, number];
  inputSize: [number, number];
  labels: Int32Array | null; // int32 [patches]
  image?: ImageRGBA | null;
}

export function LabelGrid({ label, grid, inputSize, labels, image }: Props) {
  const [rows, cols] = grid;
  return (
    <figure className="label-grid">
      <div className="image-stage" style={{ aspectRatio: `${inputSize[1]} / ${inputSize[0]}` }}>
        {image && <PreviewCanvas image={image} />}
        {labels && (
          <svg className="grid-overlay" viewBox={`0 0 ${cols} ${rows}`} preserveAspectRatio="none" role="img" aria-label={label}>
            {Array.from(labels, (l, p) =>
              l < 0 ? null : (
                <rect key={p} className="label-cell" data-patch={p} data-label={l} x={p % cols} y={Math.floor(p / cols)} width={1} height={1} fill={classColor(l)} />
              ),
            )}
          </svg>
        )}
      </div>
      <figcaption>{label}</figcaption>
      <SaveImageButtons label={label} selector=".image-stage" fileName={`lexvla-${slug(label)}`} />
    </figure>
  );
}
