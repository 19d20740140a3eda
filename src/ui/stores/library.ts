import { create } from 'zustand';
import { useDataStore } from './data.ts';
import type { DataLibrary } from '../../data/library.ts';
import type { RestoreReport } from '../../data/persist/persisted-import.ts';

export interface DatasetManifest {
  readonly [key: string]: unknown;
}

export interface DefaultDataset {
  readonly rows: number;
  readonly manifest: DatasetManifest | null;
}

interface LibraryState {
  library: DataLibrary | null;
  /** The shipped default data set, or why it is absent. */
  defaultDataset: DefaultDataset | { rows: 0; missing: string } | null;
  restore: RestoreReport | null;
  /** Where imports are kept across reloads, or why they are not. */
  persistence: 'indexeddb' | { memoryOnly: string };
  set(partial: Partial<Omit<LibraryState, 'set'>>): void;
}

export const useLibraryStore = create<LibraryState>((set) => ({
  library: null,
  defaultDataset: null,
  restore: null,
  persistence: 'indexeddb',
  set: (partial) => set(partial),
}));

/** The data library once the page's data engine has started, or null when it failed to start. */
export function libraryWhenReady(): Promise<DataLibrary | null> {
  const ready = useLibraryStore.getState().library;
  if (ready) return Promise.resolve(ready);
  if (useDataStore.getState().status.state === 'error') return Promise.resolve(null);
  return new Promise((resolve) => {
    const stop = () => { stopLibrary(); stopData(); };
    const stopLibrary = useLibraryStore.subscribe((s) => { if (s.library) { stop(); resolve(s.library); } });
    const stopData = useDataStore.subscribe((d) => { if (d.status.state === 'error') { stop(); resolve(null); } });
  });
}
