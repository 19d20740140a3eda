/**
 * Guarantees for every file the command line writes:
 *  - refuseOutputEqualToInput: an --out that is (through links or a second name) one of the
 *    inputs is refused before anything is read;
 *  - checkOutputTarget: the directory exists and is writable, checked before any work is done;
 *  - writeFileAtomic: bytes go to a temporary file beside the target, are fsynced and renamed
 *    into place, so a full disk, a file-size limit or a crash leaves the old file whole.
 */
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { access, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fsCodeText } from './errors.ts';

/** A problem with an output path, found before or while writing; printed as one line. */
export class OutputError extends Error {
  constructor(readonly path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.name = 'OutputError';
  }
}

/** The real path of a file that may not exist yet: its directory's real path plus its name. */
async function canonical(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    try {
      return resolve(await realpath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

async function identity(path: string): Promise<{ dev: number; ino: number } | undefined> {
  try {
    const s = await stat(path);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}

/**
 * Throws OutputError when `out` names the same file as any of `inputs`: the same path, a symbolic
 * link to it, or a hard link (same device and inode). Call before reading the inputs.
 */
export async function refuseOutputEqualToInput(out: string, inputs: readonly (string | undefined)[], option = '--out'): Promise<void> {
  const outPath = await canonical(out);
  const outId = await identity(out);
  for (const input of inputs) {
    if (input === undefined) continue;
    const inPath = await canonical(input);
    const inId = outId ? await identity(input) : undefined;
    const same = inPath === outPath || (outId !== undefined && inId !== undefined && inId.dev === outId.dev && inId.ino === outId.ino);
    if (same) {
      const how = resolve(out) === resolve(input) ? '' : ' (through a link)';
      throw new OutputError(out, `${option} is the input file ${input}${how}; writing it would replace the input. Choose another output path; nothing was read or written.`);
    }
  }
}

/** Refuses before any work a target whose directory is missing or not writable, or that is a directory. */
export async function checkOutputTarget(out: string, option = '--out'): Promise<void> {
  const dir = dirname(resolve(out));
  let dirStat;
  try {
    dirStat = await stat(dir);
  } catch {
    throw new OutputError(out, `${option}: the directory ${dirname(out)} does not exist; create it first`);
  }
  if (!dirStat.isDirectory()) throw new OutputError(out, `${option}: ${dirname(out)} is not a directory`);
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new OutputError(out, `${option}: the directory ${dirname(out)} is not writable`);
  }
  const target = await stat(out).catch(() => undefined);
  if (target?.isDirectory()) throw new OutputError(out, `${option}: is a directory, not a file`);
}

/**
 * Writes `data` to `path` atomically (temporary file in the same directory, fsync, rename).
 * On failure the temporary file is removed, an existing `path` is left as it was, and the
 * error says in words what happened (disk full, file-size limit, ...).
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // Not write-file-atomic: its single fs.write ignores a short write, so under `ulimit -f` it
  // renamed a truncated file into place and reported success.
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      const written = (await handle.stat()).size;
      if (written !== bytes.byteLength) {
        throw Object.assign(new Error(`short write: ${written} of ${bytes.byteLength} bytes`), { code: 'EFBIG' });
      }
      await handle.sync();
      const previous = await stat(path).catch(() => undefined);
      if (previous) await handle.chmod(previous.mode & 0o7777);
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const words = fsCodeText(code) ?? (error as Error).message;
    throw new OutputError(path, `could not write it: ${words}; ${await existsText(path)}`, { cause: error });
  }
}

async function existsText(path: string): Promise<string> {
  return (await identity(path)) ? 'the file that was there is unchanged' : 'nothing was written';
}
