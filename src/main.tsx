import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { ErrorBoundary } from './ui/components/ErrorBoundary.tsx';
import './ui/styles.css';
import { startData } from './ui/bootstrap.ts';

void startData();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary label="Perfcast">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
