/**
 * Turning any error into the one line a user reads. File-system codes become words; a stack is
 * only ever shown with --debug (see cli.ts).
 */

const FS_CODES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file would exceed the file-size limit (ulimit -f or the file system)',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EXDEV: 'the temporary file and the target are on different file systems',
};

export function fsCodeText(code: string | undefined): string | undefined {
  return code ? FS_CODES[code] : undefined;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim();
}

/**
 * One line saying what went wrong: the message's first line, file-system codes in words, an
 * empty message (as a QuotaExceededError has) replaced by the error's name.
 */
export function oneLineError(error: unknown): string {
  if (!(error instanceof Error)) return firstLine(String(error)) || 'unknown error';
  const code = (error as NodeJS.ErrnoException).code;
  const words = fsCodeText(code);
  const path = (error as NodeJS.ErrnoException).path;
  if (words && path) return `${path}: ${words}`;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'the input is nested too deeply or too large to process (RangeError: Maximum call stack size exceeded)';
  }
  const message = firstLine(error.message);
  if (words) return message ? `${words} (${message})` : words;
  if (!message) return error.name && error.name !== 'Error' ? `${error.name} (no message given)` : 'unknown error (no message given)';
  return message;
}
