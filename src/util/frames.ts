/**
 * Frame timing for the page: a task queued from a requestAnimationFrame callback (which runs just
 * before a frame's paint) runs after that paint.
 */

/** From inside a requestAnimationFrame callback: calls `callback` just after this frame's paint. */
export function afterThisPaint(callback: () => void): void {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => callback();
  ch.port2.postMessage(null);
}

/** Calls `callback` just after the next frame has been painted. Returns a cancel. */
export function afterNextPaint(callback: () => void): () => void {
  let live = true;
  const frame = requestAnimationFrame(() => afterThisPaint(() => live && callback()));
  return () => {
    live = false;
    cancelAnimationFrame(frame);
  };
}
