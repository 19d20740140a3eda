/**
 * One writer at a time per output file, across processes: `withFileLock(path, fn)` holds
 * `<path>.lock` (proper-lockfile: an atomic mkdir, refreshed while held, taken over when stale)
 * for the whole read-modify-write, so two `perfcast bench --out r.parquet` both land.
 */
import lockfile from 'proper-lockfile';
import { OutputError } from './output-file.ts';

export interface LockOptions {
  /** How long to wait for another writer before giving up (default 120 s). */
  readonly waitMs?: number;
  /** Called once when the lock is held by someone else and we start waiting. */
  readonly onWait?: () => void;
}

export async function withFileLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const waitMs = opts.waitMs ?? 120_000;
  const started = Date.now();
  let release: (() => Promise<void>) | undefined;
  let warned = false;
  let compromised: Error | undefined;
  for (;;) {
    try {
      // 60 s stale: building a large Parquet blocks the event loop, and with it the refresh.
      release = await lockfile.lock(path, {
        realpath: false, stale: 60_000, update: 5_000,
        onCompromised: (error) => { compromised = error; },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new OutputError(path, `cannot take the lock ${path}.lock: ${(error as Error).message}`, { cause: error });
      }
      if (Date.now() - started > waitMs) {
        throw new OutputError(path, `another perfcast process has held ${path}.lock for over ${Math.round(waitMs / 1000)} s; nothing was written to it`);
      }
      if (!warned) {
        warned = true;
        opts.onWait?.();
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
    }
  }
  try {
    const result = await fn();
    if (compromised) throw new OutputError(path, `the lock ${path}.lock was lost while writing (${compromised.message}); check the file`);
    return result;
  } finally {
    await release!().catch(() => undefined);
  }
}
