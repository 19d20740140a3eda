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
  { id: 'compare', title: 'Compare', component: lazy(() => import('./CompareView.tsx')) },
  { id: 'heatmap', title: 'Heatmap', component: lazy(() => import('./HeatmapView.tsx')) },
  { id: 'scaling', title: 'Scaling', component: lazy(() => import('./ScalingView.tsx')) },
  { id: 'pareto', title: 'Pareto', component: lazy(() => import('./ParetoView.tsx')) },
  { id: 'precision', title: 'Precision', component: lazy(() => import('./PrecisionView.tsx')) },
  { id: 'power', title: 'Power', component: lazy(() => import('./PowerView.tsx')) },
  { id: 'space', title: '3-D space', component: lazy(() => import('./Space3DView.tsx')) },
  { id: 'predict', title: 'Predict', component: lazy(() => import('./PredictView.tsx')) },
  { id: 'history', title: 'History', component: lazy(() => import('./HistoryView.tsx')) },
  { id: 'agent', title: 'Agent', component: lazy(() => import('./AgentView.tsx')) },
  { id: 'steptime', title: 'Step time', component: lazy(() => import('./StepTimeView.tsx')) },
];
