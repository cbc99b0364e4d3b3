/**
 * The scene being composed, drawn exactly as the model gets it (renderScene), with the model's
 * answer over it (a word's heatmap, the PatchDis labels or the ground truth, on the model's patch
 * grid) and one focusable handle per emoji: drag to move, keys to edit (keys.ts), Tab between them.
 * Emoji dragged from the picker are dropped where they land.
 */
import { useEffect, useRef, type DragEvent, type KeyboardEvent, type PointerEvent } from 'react';
import type { RenderedScene } from '../../composer/render';
import { placeItem, type Scene, type SceneItem } from '../../composer/scene';
import type { ModelInfo } from '../../model/info';
import { HeatmapCells } from '../heatmap/HeatmapCells';
import { classColor } from '../patchdis/labelColors';
import { applyKey } from './keys';

export type Overlay = 'heatmap' | 'labels' | 'truth' | 'none';
/** What a picker drag carries: the emoji's code points. */
export const EMOJI_DRAG_TYPE = 'application/x-lexvla-emoji';

interface Props {
  scene: Scene;
  rendered: RenderedScene | null;
  selected: number | null;
  /** Focus this item once it exists (a new emoji, so the keys act on it at once). */
  focusId: number | null;
  info: ModelInfo;
  /** The model's input crop on the scene, in scene pixels (from the encoded image); null before the first encode. */
  crop: { x: number; y: number; width: number; height: number } | null;
  nameOf(emoji: string): string;
  overlay: { kind: Overlay; values: Float32Array | null; min: number; max: number; labels: Int32Array | null };
  /** Id of the element describing the keys. */
  keysHelp: string;
  onChange(scene: Scene, selected: number | null): void;
  onSelect(id: number | null): void;
  onDropEmoji(emoji: string, at: { x: number; y: number }): void;
}

function describe(it: SceneItem, name: string, layer: number, layers: number): string {
  const pose = [it.angle !== 0 ? `turned ${it.angle}°` : '', it.flipX ? 'flipped' : '', it.flipY ? 'upside down' : ''].filter(Boolean).join(', ');
  return `${name}, centre ${it.x}, ${it.y}, ${it.size} px${pose ? `, ${pose}` : ''}, layer ${layer} of ${layers}`;
}

/** The rotated square of an item as SVG points, in scene pixels. */
function outline(it: SceneItem): string {
  const h = it.size / 2;
  const t = (-it.angle * Math.PI) / 180; // counter-clockwise on screen, y down
  const [c, s] = [Math.cos(t), Math.sin(t)];
  return [[-h, -h], [h, -h], [h, h], [-h, h]].map(([x, y]) => `${it.x + x * c - y * s},${it.y + x * s + y * c}`).join(' ');
}

export function ComposerStage({ scene, rendered, selected, focusId, info, crop, nameOf, overlay, keysHelp, onChange, onSelect, onDropEmoji }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const latest = useRef(scene);
  latest.current = scene;
  const drag = useRef<{ id: number; dx: number; dy: number; pointer: number } | null>(null);
  const { width: W, height: H } = scene;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !rendered) return;
    canvas.current!.width = rendered.image.width;
    canvas.current!.height = rendered.image.height;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rendered.image.data), rendered.image.width, rendered.image.height), 0, 0);
  }, [rendered]);

  useEffect(() => {
    if (focusId === null) return;
    svg.current?.querySelector<SVGGElement>(`[data-item="${focusId}"]`)?.focus();
  }, [focusId, scene]);

  const [rows, cols] = info.grid;
  const at = (e: { clientX: number; clientY: number }) => {
    const r = svg.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * W) / r.width, y: ((e.clientY - r.top) * H) / r.height };
  };

  function onPointerDown(e: PointerEvent, it: SceneItem) {
    if (e.button !== 0) return;
    e.preventDefault();
    (e.currentTarget as SVGGElement).focus();
    const p = at(e);
    drag.current = { id: it.id, dx: it.x - p.x, dy: it.y - p.y, pointer: e.pointerId };
    svg.current!.setPointerCapture(e.pointerId);
    onSelect(it.id);
  }
  function onPointerMove(e: PointerEvent) {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    const p = at(e);
    const s = latest.current;
    const it = s.items.find((x) => x.id === d.id);
    if (!it) return;
    const next = placeItem(s, d.id, p.x + d.dx, p.y + d.dy);
    const moved = next.items.find((x) => x.id === d.id)!;
    if (moved.x !== it.x || moved.y !== it.y) onChange(next, d.id);
  }
  function onPointerUp(e: PointerEvent) {
    if (drag.current?.pointer === e.pointerId) drag.current = null;
  }
  function onKeyDown(e: KeyboardEvent, it: SceneItem) {
    const r = applyKey(latest.current, it.id, e.key, e.shiftKey);
    if (!r) return;
    e.preventDefault();
    if (r.scene !== latest.current) onChange(r.scene, r.selected);
    else onSelect(r.selected);
    if (r.selected === null) svg.current?.focus();
    else if (r.selected !== it.id) requestAnimationFrame(() => svg.current?.querySelector<SVGGElement>(`[data-item="${r.selected}"]`)?.focus());
  }
  function onDragOver(e: DragEvent) {
    if (e.dataTransfer.types.includes(EMOJI_DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }
  function onDrop(e: DragEvent) {
    const emoji = e.dataTransfer.getData(EMOJI_DRAG_TYPE);
    if (!emoji) return;
    e.preventDefault();
    onDropEmoji(emoji, at(e));
  }

  const n = scene.items.length;
  return (
    <div className="composer-stage image-stage" style={{ aspectRatio: `${W} / ${H}` }} onDragOver={onDragOver} onDrop={onDrop}>
      <canvas ref={canvas} className="preview-canvas composer-canvas" aria-hidden="true" />
      {overlay.kind !== 'none' && crop && (
        <svg
          className="composer-overlay"
          data-overlay={overlay.kind}
          viewBox={`0 0 ${cols} ${rows}`}
          preserveAspectRatio="none"
          aria-hidden="true"
          style={{ left: `${(crop.x / W) * 100}%`, top: `${(crop.y / H) * 100}%`, width: `${(crop.width / W) * 100}%`, height: `${(crop.height / H) * 100}%` }}
        >
          {overlay.kind === 'heatmap' && overlay.values && overlay.values.length === rows * cols && <HeatmapCells grid={info.grid} values={overlay.values} min={overlay.min} max={overlay.max} />}
          {(overlay.kind === 'labels' || overlay.kind === 'truth') &&
            overlay.labels &&
            Array.from(overlay.labels, (l, p) =>
              l < 0 ? null : <rect key={p} className="label-cell" data-patch={p} data-label={l} x={p % cols} y={Math.floor(p / cols)} width={1} height={1} fill={classColor(l)} />,
            )}
          <path className="grid-lines" d={Array.from({ length: cols - 1 }, (_, c) => `M${c + 1} 0V${rows}`).join('') + Array.from({ length: rows - 1 }, (_, r) => `M0 ${r + 1}H${cols}`).join('')} />
        </svg>
      )}
      <svg
        ref={svg}
        className="composer-items"
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        tabIndex={-1}
        aria-label={`Scene, ${W} by ${H} pixels, ${n} emoji`}
        aria-describedby={keysHelp}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerDown={(e) => {
          if (e.target === svg.current) onSelect(null);
        }}
      >
        {scene.items.map((it, i) => (
          <g
            key={it.id}
            data-item={it.id}
            data-emoji={it.emoji}
            data-x={it.x}
            data-y={it.y}
            className={it.id === selected ? 'composer-item selected' : 'composer-item'}
            role="button"
            tabIndex={0}
            aria-pressed={it.id === selected}
            aria-label={describe(it, nameOf(it.emoji), i + 1, n)}
            aria-describedby={keysHelp}
            onPointerDown={(e) => onPointerDown(e, it)}
            onKeyDown={(e) => onKeyDown(e, it)}
            onFocus={() => it.id !== selected && onSelect(it.id)}
          >
            <polygon points={outline(it)} />
          </g>
        ))}
      </svg>
    </div>
  );
}
