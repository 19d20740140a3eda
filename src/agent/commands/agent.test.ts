import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../../bin/perfcast.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts `perfcast agent` and resolves with its first stdout lines once the first one is out. */
async function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ lines: string[]; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'perfcast-agent-cli-'));
  dirs.push(dir);
  const child = spawn(process.execPath, [BIN, 'agent', ...args, '--store', join(dir, 'a.duckdb')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += String(c); });
  await new Promise<void>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => { lines.push(line); if (lines.length === 3) resolve(); });
    child.once('exit', (code) => reject(new Error(`agent exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`no output in 30 s: ${stderr}`)), 30_000);
  });
  return { lines, child };
}

describe('perfcast agent (command line contract)', () => {
  it('prints exactly "listening on http://127.0.0.1:PORT" first, and answers with the token from PERFCAST_AGENT_TOKEN', async () => {
    const port = await freePort();
    const { lines } = await startCli(['--port', String(port)], { PERFCAST_AGENT_TOKEN: 'from-the-env' });
    expect(lines[0]).toBe(`listening on http://127.0.0.1:${port}`);
    expect(lines.join('\n')).not.toContain('from-the-env');
    const ok = await fetch(`http://127.0.0.1:${port}/api/machine`, { headers: { Authorization: 'Bearer from-the-env' } });
    expect(ok.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/machine`)).status).toBe(401);
  });

  it('generates a 256-bit token when none is set and prints it once, in the hash of the dashboard link only', async () => {
    const port = await freePort();
    const { lines } = await startCli(['--port', String(port)], { PERFCAST_AGENT_TOKEN: '' });
    expect(lines[0]).toBe(`listening on http://127.0.0.1:${port}`);
    const link = lines.find((l) => l.startsWith('dashboard: '))!.slice('dashboard: '.length);
    const url = new URL(link);
    expect(url.search).toBe('');
    const token = new URLSearchParams(url.hash.split('?')[1]).get('token')!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(lines.join('\n').split(token).length - 1).toBe(1);
    const ok = await fetch(`http://127.0.0.1:${port}/api/machine`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
  });
});
