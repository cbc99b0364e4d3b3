/** Resolves in a later task, so messages and events already waiting are handled first. */
export function nextTask(): Promise<void> {
  return pause(0);
}

/** Resolves after `ms` milliseconds, in a later task. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
