// Worker entry for refine-worker.ts (see bench-worker.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./refine-worker.ts');
