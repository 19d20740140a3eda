/**
 * The view state every view reads and writes: current view, filters, options, selection, camera,
 * and the data set hash a shared link was made on. url-sync.ts mirrors it into the URL.
 * Shape and defaults live in src/core/share/state.ts so the codec and the store cannot drift.
 */
import { create } from 'zustand';
import {
  defaultState, emptyFilters,
  type Camera, type FilterKey, type Filters, type ShareState, type ViewOptions,
} from '../../core/share/state.ts';

export type { Camera, FilterKey, Filters, ShareState, ViewOptions };

export interface ViewStore extends ShareState {
  /** Plain-text problems found reading the link; shown by UrlWarnings until dismissed. */
  warnings: string[];
  setView(v: string): void;
  setFilter<K extends FilterKey>(key: K, values: Filters[K]): void;
  /** Adds the value to the filter, or removes it when present. */
  toggleFilterValue(key: FilterKey, value: string | number): void;
  clearFilters(): void;
  setOptions(options: Partial<ViewOptions>): void;
  setSelection(ids: string[]): void;
  setCamera(camera: Camera | null): void;
  setDatasetHash(ds: string | null): void;
  /** Replaces the whole shareable state (used when a link is read). */
  load(state: ShareState, warnings?: string[]): void;
  addWarnings(warnings: string[]): void;
  dismissWarnings(): void;
}

/** The shareable part of the store, without actions or warnings. */
export function shareableState(s: ShareState): ShareState {
  return { v: s.v, f: s.f, o: s.o, sel: s.sel, cam: s.cam, ds: s.ds };
}

export const useViewStore = create<ViewStore>((set) => ({
  ...defaultState(),
  warnings: [],
  setView: (v) => set({ v }),
  setFilter: (key, values) => set((s) => ({ f: { ...s.f, [key]: [...values] } })),
  toggleFilterValue: (key, value) => set((s) => {
    const current = s.f[key] as (string | number)[];
    const next = current.includes(value) ? current.filter((x) => x !== value) : [...current, value];
    return { f: { ...s.f, [key]: next } };
  }),
  clearFilters: () => set({ f: emptyFilters() }),
  setOptions: (options) => set((s) => ({ o: { ...s.o, ...options } })),
  setSelection: (ids) => set({ sel: [...ids] }),
  setCamera: (cam) => set({ cam }),
  setDatasetHash: (ds) => set({ ds }),
  load: (state, warnings = []) => set({ ...shareableState(state), warnings }),
  addWarnings: (warnings) => set((s) => ({ warnings: [...s.warnings, ...warnings.filter((w) => !s.warnings.includes(w))] })),
  dismissWarnings: () => set({ warnings: [] }),
}));
