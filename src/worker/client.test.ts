import { describe, expect, it } from 'vitest';
import { WorkerClient, WorkerCrashError, WorkerRequestError } from './client';

/** Enough of a Worker for the client: records posts and terminations. */
class FakeWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  postMessage(msg: unknown) {
    this.posted.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
}

function client() {
  const workers: FakeWorker[] = [];
  const c = new WorkerClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { c, workers };
}

describe('WorkerClient', () => {
  it("hands an encode's early preview to its progress callback and resolves with the final answer", async () => {
    const { c, workers } = client();
    const heard: unknown[] = [];
    const answer = c.request({ type: 'encodeImage', name: 'a.png', source: new ArrayBuffer(1), topN: 5 }, (p) => heard.push(p.type));
    const w = workers[0];
    const preview = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    w.onmessage?.({ data: { id: 1, type: 'imagePreview', name: 'a.png', original: { width: 1, height: 1 }, preview } } as MessageEvent);
    const final = { id: 1, type: 'imageEncoded', name: 'a.png', original: { width: 1, height: 1 }, preview, global: { indices: [], words: [], values: [], activeCount: 0 }, timings: { decode: 0, preprocess: 0, inference: 0, postprocess: 0 } };
    w.onmessage?.({ data: final } as MessageEvent);
    expect(await answer).toBe(final);
    expect(heard).toEqual(['imagePreview']);
  });

  it('a crash fails what was pending with WorkerCrashError, replaces the worker and tells the listeners', async () => {
    const { c, workers } = client();
    const heard: string[] = [];
    c.onCrash((m) => heard.push(m));
    const pending = c.request({ type: 'listCache' });
    c.simulateCrash();
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashError);
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    expect(heard).toEqual(['The inference worker was terminated.']);
  });

  it('a restart replaces the worker without telling crash listeners; pending requests fail as ordinary errors', async () => {
    const { c, workers } = client();
    const heard: string[] = [];
    c.onCrash((m) => heard.push(m));
    const pending = c.request({ type: 'listCache' });
    c.restart();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerRequestError);
    expect(error).not.toBeInstanceOf(WorkerCrashError);
    expect((error as WorkerRequestError).message).toBe('The inference worker was restarted.');
    expect(heard).toEqual([]);
    void c.request({ type: 'listCache' });
    expect(workers[1].posted).toEqual([{ type: 'listCache', id: 2 }]);
  });
});
