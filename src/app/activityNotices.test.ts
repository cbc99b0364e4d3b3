import { describe, expect, it } from 'vitest';
import type { WorkerClient } from '../worker/client';
import { installActivityNotices, NOTICE_MS } from './activityNotices';

/** A client that records the requests it is asked to post. */
function recorder(fail = false) {
  const sent: string[] = [];
  const client = {
    request: (msg: { type: string }) => {
      sent.push(msg.type);
      return fail ? Promise.reject(new Error('The inference worker was restarted.')) : Promise.resolve({ id: 1, type: 'activityNoted' });
    },
  } as unknown as WorkerClient;
  return { sent, client };
}

describe('activity notices', () => {
  it('tells every live worker of the first input at once, then at most once per NOTICE_MS', () => {
    const target = new EventTarget();
    const a = recorder();
    const b = recorder(true); // a worker that is being replaced: its failure is swallowed
    let t = 0;
    const stop = installActivityNotices(() => [a.client, null, b.client], target, () => t);
    target.dispatchEvent(new Event('pointermove'));
    expect(a.sent).toEqual(['userActive']);
    expect(b.sent).toEqual(['userActive']);
    t = NOTICE_MS - 1;
    target.dispatchEvent(new Event('pointermove'));
    target.dispatchEvent(new Event('keydown'));
    expect(a.sent).toHaveLength(1);
    t = NOTICE_MS;
    target.dispatchEvent(new Event('wheel'));
    expect(a.sent).toHaveLength(2);
    t = 10 * NOTICE_MS;
    target.dispatchEvent(new Event('pointerdown'));
    expect(a.sent).toHaveLength(3);
    // Other events are not input.
    t = 20 * NOTICE_MS;
    target.dispatchEvent(new Event('scroll'));
    expect(a.sent).toHaveLength(3);
    stop();
    target.dispatchEvent(new Event('pointermove'));
    expect(a.sent).toHaveLength(3);
  });
});
