/**
 * "Save PNG" / "Save SVG" for a cloud, an overlay or a chart. The target is found
 * when clicked, by a selector within the nearest [data-export-scope] ancestor (else the
 * buttons' parent), so callers wrap a view from outside without touching it. Props are strings,
 * so the memo holds while hovering re-renders the parent.
 */
import { memo, useRef } from 'react';
import { useExplorer } from '../../state';
import { captureElement, downloadBlob } from './capture';
import './export.css';

interface Props {
  /** Words for the buttons' accessible names: "Save <label> as PNG". */
  label: string;
  /** CSS selector of the <svg> or the stage of layers to save. */
  selector: string;
  /** File name without extension. */
  fileName: string;
}

export const SaveImageButtons = memo(function SaveImageButtons({ label, selector, fileName }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const notify = useExplorer((s) => s.notify);
  const find = (): Element | null => {
    const scope = ref.current?.closest('[data-export-scope]') ?? ref.current?.parentElement ?? null;
    return scope?.querySelector(selector) ?? null;
  };
  async function save(kind: 'png' | 'svg') {
    const el = find();
    if (!el) return notify('error', `Nothing to save: the ${label} is not on the page (no element matches ${selector}).`);
    try {
      const cap = captureElement(el);
      const blob = kind === 'svg' ? new Blob([cap.svg], { type: 'image/svg+xml' }) : await cap.png();
      downloadBlob(`${fileName}.${kind}`, blob);
    } catch (e) {
      notify('error', `Could not save the ${label} as ${kind.toUpperCase()}: ${(e as Error).message}`);
    }
  }
  return (
    <div className="save-image" ref={ref}>
      <button type="button" aria-label={`Save ${label} as PNG`} title={`Save the ${label} as a PNG picture`} onClick={() => void save('png')}>
        PNG
      </button>
      <button type="button" aria-label={`Save ${label} as SVG`} title={`Save the ${label} as an SVG drawing`} onClick={() => void save('svg')}>
        SVG
      </button>
    </div>
  );
});
