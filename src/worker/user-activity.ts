/**
 * Whether the person is using the page, as the worker hears it (the page's notices:
 * src/app/activityNotices.ts), so that work nobody waits for, the bundle's offline copy, gives way
 * to what they are doing. On two cores, the copy of a paper-sized bundle (hashing a 194 MB text
 * graph, writing 560 MB to Cache Storage) took one core for seconds after a load: hovers in that
 * time took a patch cloud painted from 12.6 to 18.9 ms at the median and from 15.6 to 31.4 ms at
 * the 95th percentile (docs/benchmarks.md, "Image to words, hover, drag").
 */
import { nextTask, pause } from '../util/tasks';

/** How long the page must have been still before background work goes on. */
export const QUIET_MS = 400;

let lastActive = -Infinity;

/** The page saw input (a pointer move, a key) just now. */
export function noteUserActive(at: number = performance.now()): void {
  lastActive = Math.max(lastActive, at);
}

/** Forgets every notice (tests). */
export function resetUserActivity(): void {
  lastActive = -Infinity;
}

/** Milliseconds until the page has been still for QUIET_MS; 0 when it has. */
export function activeFor(now: number = performance.now()): number {
  return Math.max(0, lastActive + QUIET_MS - now);
}

/**
 * A later task (messages already waiting are handled first), and then none until the page has
 * been still for QUIET_MS: background work awaits this between two steps of a few milliseconds.
 */
export async function giveWay(): Promise<void> {
  await nextTask();
  for (let wait = activeFor(); wait > 0; wait = activeFor()) await pause(wait);
}
