import { Suspense, useEffect, useState } from 'react';
import { VIEWS } from './views/registry.ts';
import { UrlWarnings } from './components/UrlWarnings.tsx';
import { useUrlSync } from './url-sync.ts';

function viewFromHash(): string {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[?/]/)[0];
  return VIEWS.some((v) => v.id === id) ? id : VIEWS[0].id;
}

export function App() {
  useUrlSync(VIEWS.map((v) => v.id));
  const [viewId, setViewId] = useState(viewFromHash);
  useEffect(() => {
    const onHash = () => setViewId(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
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
        <Suspense fallback={<p role="status">Loading…</p>}>
          <View />
        </Suspense>
      </main>
    </div>
  );
}
