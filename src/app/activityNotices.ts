/**
 * Tells the workers when the person uses the page (a pointer moves or presses, a key, the wheel),
 * so that work nobody waits for gives way to what they are doing (src/worker/user-activity.ts):
 * the first input after a still moment at once, then at most one notice per NOTICE_MS.
 */
import type { WorkerClient } from '../worker/client';

/** Below the worker's QUIET_MS, so that a person who keeps moving keeps it waiting. */
export const NOTICE_MS = 200;

const EVENTS = ['pointermove', 'pointerdown', 'keydown', 'wheel'] as const;

/** Starts the notices; returns a function that stops them. `clients()`: the workers alive now. */
export function installActivityNotices(clients: () => ReadonlyArray<WorkerClient | null>, target: EventTarget = window, now = () => performance.now()): () => void {
  let last = -Infinity;
  const onInput = () => {
    const t = now();
    if (t - last < NOTICE_MS) return;
    last = t;
    for (const c of clients()) {
      // A notice lost to a worker restart or crash is of no consequence.
      c?.request({ type: 'userActive' }).catch(() => undefined);
    }
  };
  const opts = { capture: true, passive: true } as const;
  for (const e of EVENTS) target.addEventListener(e, onInput, opts);
  return () => {
    for (const e of EVENTS) target.removeEventListener(e, onInput, opts);
  };
}
