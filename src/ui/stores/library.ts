import { create } from 'zustand';
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
