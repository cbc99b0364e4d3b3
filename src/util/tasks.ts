/**
 * Resolves in a later task, so messages and events already waiting are handled first. Through a
 * MessageChannel, not setTimeout(0): browsers clamp a timeout nested five deep to at least 4 ms
 * (HTML spec, timer nesting), which a loop that yields after each step reaches at once (PatchDis's
 * 297 class names prepared one per task spent ~1.2 s in such waits).
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return pause(0);
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** Resolves after `ms` milliseconds, in a later task. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
