/** React access to the store: views call useExplorer(selector) and never import zustand. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ExplorerStore } from './store';
import type { ExplorerState } from './types';

const StoreContext = createContext<ExplorerStore | null>(null);

export function StoreProvider({ store, children }: { store: ExplorerStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

function useStoreApi(): ExplorerStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useExplorer: no <StoreProvider> above this component');
  return store;
}

/** Selects one value; re-renders only when it changes (by Object.is). */
export function useExplorer<T>(selector: (s: ExplorerState) => T): T {
  return useStore(useStoreApi(), selector);
}

/** Selects several values as an object, compared shallowly (avoids re-renders on new objects). */
export function useExplorerShallow<T extends object>(selector: (s: ExplorerState) => T): T {
  return useStore(useStoreApi(), useShallow(selector));
}
