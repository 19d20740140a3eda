/**
 * The views harness page (e2e/views-harness/): the real App with a test hook, built and served
 * only for the views e2e spec and scripts/bench-dashboard.ts.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { serveHarness, type Harness } from '../harness/serve.ts';

export type { Harness } from '../harness/serve.ts';

export function startViewsHarness(): Promise<Harness> {
  return serveHarness(dirname(fileURLToPath(import.meta.url)), 'views', [react()]);
}
