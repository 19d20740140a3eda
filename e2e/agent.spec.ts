import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { storedRuns } from './run-helpers.ts';

const TOKEN = 'e2e-agent-token-5f2c';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

/** Starts the real `perfcast agent` command and waits for its first line. */
async function startAgent(port: number, store: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/perfcast.mjs', 'agent', '--port', String(port), '--store', store], {
    env: { ...process.env, PERFCAST_AGENT_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`agent exited with ${code}`)));
  });
  expect(first).toBe(`listening on http://127.0.0.1:${port}`);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

test('the page connects to a real agent through its link, streams runs beside their predictions, survives an agent restart and a reload without duplicates', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'perfcast-agent-e2e-'));
  const port = await freePort();
  const store = join(dir, 'agent.duckdb');
  let agent = await startAgent(port, store);
  try {
    await page.goto(`/#/agent?agent=${encodeURIComponent(`http://127.0.0.1:${port}`)}&token=${TOKEN}`);
    const machine = page.getByRole('table', { name: 'Agent machine' });
    await expect(machine.locator('tr[data-ep="cpu"]')).toContainText('available');
    await expect(machine.locator('tr[data-ep="rocm"]')).toContainText('not available: not available in the onnxruntime-node npm build');
    await expect(machine.locator('tr[data-ep="cuda"]')).toContainText(/not available: |available: /);
    await expect(page.getByLabel('Stream state')).toHaveText('open');
    expect(page.url()).not.toContain(TOKEN);

    await page.getByLabel('mobilenet-v2-tiny', { exact: true }).check();
    await page.getByLabel('Agent batch sizes').fill('1, 2');
    await page.getByLabel('Agent seconds').fill('0.2');
    await page.getByRole('button', { name: 'Run on the agent' }).click();
    const validations = page.getByRole('table', { name: 'Validation records' }).locator('tbody tr');
    await expect(validations).toHaveCount(2, { timeout: 60_000 });
    await expect(validations.first()).toContainText('mobilenet-v2-tiny');
    await expect(validations.first()).toContainText(/\d+\.\d+ \(\d+\.\d+–\d+\.\d+\)/);
    await expect(page.getByLabel('Agent records').locator('li')).toHaveCount(2);
    await expect(page.getByLabel('Agent records')).toContainText('measured');

    // The agent restarts; the page reconnects by itself and takes in a plan queued meanwhile by another tool.
    await stop(agent);
    await expect(page.getByLabel('Stream state')).toContainText('reconnecting', { timeout: 15_000 });
    agent = await startAgent(port, store);
    const queued = await fetch(`http://127.0.0.1:${port}/api/runs`, {
      method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ models: ['mobilenet-v2-tiny'], batches: [4], check_outputs: false, protocol: { min_seconds: 0.2 } }),
    });
    expect(queued.status).toBe(202);
    await expect(validations).toHaveCount(3, { timeout: 60_000 });
    await expect(page.getByLabel('Agent records').locator('li')).toHaveCount(3);

    const agentRuns = async () => (await storedRuns(page)).filter((r) => r.importId.startsWith('agent:'));
    await expect.poll(async () => (await agentRuns()).length).toBe(3);
    expect((await agentRuns()).every((r) => r.origin.startsWith('perfcast-agent@') && r.rowCount === 1)).toBe(true);

    // A reload resumes after the last event it stored: the library still holds each run once.
    await page.reload();
    await expect(page.getByLabel('Stream state')).toHaveText('open');
    await page.waitForTimeout(1000);
    expect((await agentRuns()).length).toBe(3);
    // The history is shown again, though nothing is taken in twice.
    await expect(validations).toHaveCount(3);

    // The loop closes: the page refines the predictor from the three runs and shows before and after.
    const predictor = page.getByLabel('Agent predictor');
    await expect(predictor).toContainText('3 measured runs not learned from yet');
    await page.getByRole('button', { name: 'Refine now (learn from 3 runs)' }).click();
    const refinements = page.getByRole('table', { name: /Refinements/ }).locator('tbody tr');
    await expect(refinements).toHaveCount(1, { timeout: 60_000 });
    await expect(refinements.first()).toContainText(/\d+\.\d %.*\d+\.\d %/);
    await expect(predictor).toContainText("plus 3 of this agent's measured runs");
    await expect(predictor).toContainText('0 measured runs not learned from yet');
    await expect(page.getByRole('button', { name: /Refine now/ })).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('agent-refined.png'), fullPage: true });
    expect((await agentRuns()).length).toBe(3);
  } finally {
    await stop(agent);
    rmSync(dir, { recursive: true, force: true });
  }
});
