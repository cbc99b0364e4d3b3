import { afterEach, describe, expect, it } from 'vitest';
import { activeFor, giveWay, noteUserActive, QUIET_MS, resetUserActivity } from './user-activity';

/** Whether `p` settles within `ms` of real time. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, ms));
  return done;
}

describe('user activity', () => {
  afterEach(() => resetUserActivity());

  it('counts the quiet time left from the latest notice', () => {
    expect(activeFor(1000)).toBe(0);
    noteUserActive(1000);
    expect(activeFor(1000)).toBe(QUIET_MS);
    expect(activeFor(1000 + QUIET_MS / 2)).toBe(QUIET_MS / 2);
    expect(activeFor(1000 + QUIET_MS)).toBe(0);
    // An older notice arriving late does not shorten the wait.
    noteUserActive(900);
    expect(activeFor(1000)).toBe(QUIET_MS);
    noteUserActive(1200);
    expect(activeFor(1000 + QUIET_MS)).toBe(200);
  });

  it('lets background work go on at once when nobody uses the page', async () => {
    expect(await settlesWithin(giveWay(), 50)).toBe(true);
  });

  it('holds background work while the page is in use, and lets it go once it has been still', async () => {
    noteUserActive();
    const waiting = giveWay();
    expect(await settlesWithin(waiting, QUIET_MS / 4)).toBe(false);
    // Input goes on: the wait starts again from it.
    noteUserActive();
    expect(await settlesWithin(waiting, QUIET_MS / 4)).toBe(false);
    expect(await settlesWithin(waiting, QUIET_MS * 2)).toBe(true);
  });
});
