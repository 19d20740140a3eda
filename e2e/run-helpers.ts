import { expect, type Page } from '@playwright/test';
import { readStoredBatches } from '../src/runtime/node/page-driver.ts';

export interface PlanLink {
  models: string[];
  eps?: string[];
  batches?: number[];
  seqs?: number[];
  threads?: number[];
  runs?: number;
  seconds?: number;
  warmup?: number;
  onUnavailable?: 'fallback' | 'skip';
}

export function runUrl(plan: PlanLink, autostart = true): string {
  return `/#/run?plan=${encodeURIComponent(JSON.stringify({ v: 1, ...plan }))}${autostart ? '&autostart=1' : ''}`;
}

export async function waitForPlan(page: Page, total: number): Promise<void> {
  await expect(page.getByText(`Plan progress ${total} / ${total} (finished)`)).toBeVisible({ timeout: 110_000 });
}

export interface StoredRunSummary {
  importId: string;
  origin: string;
  rowCount: number;
  model: string;
  executionProvider: string;
}

/** The measured runs kept in this browser's IndexedDB (one import batch per finished run). */
export async function storedRuns(page: Page): Promise<StoredRunSummary[]> {
  const batches = (await readStoredBatches(page)) as Array<{ importId: string; origin: string; rowCount: number; meta?: Record<string, string> }>;
  return batches
    .filter((b) => b.meta?.kind === 'measured-run')
    .map((b) => ({ importId: b.importId, origin: b.origin, rowCount: b.rowCount, model: b.meta!.model, executionProvider: b.meta!.execution_provider }));
}
