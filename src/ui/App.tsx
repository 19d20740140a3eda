import { Suspense } from 'react';
import { VIEWS } from './views/registry.ts';
import { UrlWarnings } from './components/UrlWarnings.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { useUrlSync } from './url-sync.ts';
import { useViewStore } from './stores/view.ts';

const VIEW_IDS = VIEWS.map((v) => v.id);

export function App() {
  useUrlSync(VIEW_IDS);
  const viewId = useViewStore((s) => s.v);
  const view = VIEWS.find((v) => v.id === viewId) ?? VIEWS[0];
  const View = view.component;
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">Perfcast</h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <a key={v.id} href={`#/${v.id}`} aria-current={v.id === view.id ? 'page' : undefined}>
              {v.title}
            </a>
          ))}
        </nav>
      </header>
      <main className="app-main">
        <UrlWarnings />
        <ErrorBoundary key={view.id} label={`The ${view.title} view`}>
          <Suspense fallback={<p role="status">Loading…</p>}>
            <View />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
