import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface ViewEntry {
  /** Short id used in the URL (`#/data`, `?v=data`). */
  readonly id: string;
  readonly title: string;
  readonly component: LazyExoticComponent<ComponentType>;
}

/** Only views that work are listed; the navigation is built from this list. */
export const VIEWS: readonly ViewEntry[] = [
  { id: 'data', title: 'Data', component: lazy(() => import('./DataView.tsx')) },
  { id: 'run', title: 'Run', component: lazy(() => import('./RunView.tsx')) },
];
