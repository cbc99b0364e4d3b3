/**
 * Wires the app: one worker client, the store around it, the page's phase marker, the notices
 * that keep the workers' background work out of the person's way,
 * the debug hook the recovery test uses, and the first bundle load.
 */
import { createExplorerStore, phaseOf, type ExplorerStore } from '../state';
import { WorkerClient } from '../worker/client';
import { installActivityNotices } from './activityNotices';
import { installPerfMarks } from './perf';
import { startRequest } from './urlState';
import { installUrlSync } from './urlSync';
import { installComposerSync } from './composerSync';

declare global {
  interface Window {
    /** Test and debugging hooks (e2e: crash recovery of the inspector's and the Compare view's workers). */
    __lexvla?: { crashWorker(): void; crashCompareWorker(): void };
  }
}

export function bootstrap(): ExplorerStore {
  const makeWorker = () => new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' });
  const client = new WorkerClient(makeWorker);
  // The Compare view's second bundle runs in a second worker, made when the view first opens.
  let compareClient: WorkerClient | null = null;
  const store = createExplorerStore(client, undefined, undefined, () => (compareClient = new WorkerClient(makeWorker)));

  const showPhase = () => {
    const phase = phaseOf(store.getState());
    if (document.body.dataset.phase !== phase) document.body.dataset.phase = phase;
  };
  showPhase();
  store.subscribe(showPhase);

  window.__lexvla = { crashWorker: () => client.simulateCrash(), crashCompareWorker: () => compareClient?.simulateCrash() };
  installPerfMarks(store);
  installActivityNotices(() => [client, compareClient]);
  installComposerSync(store);

  try {
    const { source, backend, variant } = startRequest(location.href, import.meta.env.BASE_URL);
    if (backend) store.getState().setBackendChoice(backend);
    if (variant) void store.getState().setVariantChoice(variant);
    void store.getState().loadBundle(source);
    installUrlSync(store, import.meta.env.BASE_URL);
  } catch (e) {
    // A malformed ?bundle= must still leave a page that says what was wrong.
    store.setState((s) => ({ model: { ...s.model, status: 'error', error: { text: (e as Error).message } } }));
  }
  return store;
}
