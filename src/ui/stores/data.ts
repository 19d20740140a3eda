import { create } from 'zustand';
import type { Connector } from '../../data/connector.ts';

export type DataStatus =
  | { state: 'starting' }
  | { state: 'ready' }
  | { state: 'error'; message: string };

interface DataState {
  connector: Connector | null;
  status: DataStatus;
  /** Bumped after every change to the stored records, so queries know to re-run. */
  revision: number;
  setConnector(connector: Connector): void;
  setStatus(status: DataStatus): void;
  bump(): void;
}

/** The page's one DuckDB connection and a revision counter every view's queries depend on. */
export const useDataStore = create<DataState>((set) => ({
  connector: null,
  status: { state: 'starting' },
  revision: 0,
  setConnector: (connector) => set({ connector }),
  setStatus: (status) => set({ status }),
  bump: () => set((s) => ({ revision: s.revision + 1 })),
}));
