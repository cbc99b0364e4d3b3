/**
 * `useAfterPaint(value)`: `value`, one painted frame late. A view that is not what the user is
 * waiting for (the 80-row ranked table beside a new cloud) renders the value it showed before
 * until the frame carrying the urgent part of the same update has been painted, then catches up
 * in a task of its own. Its React work and the browser's style, layout
 * and paint for it leave the path from the worker's answer to the cloud on screen.
 *
 * The first value is shown at once (nothing to keep on screen yet), and so is a return to the
 * value already shown.
 */
import { useEffect, useState } from 'react';
import { afterNextPaint } from '../util/frames';

export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return afterNextPaint(() => setShown(() => value));
  }, [value, shown]);
  return shown;
}
