/** Fetching a data file by URL for import: only http(s), size-capped, errors that name the URL. */

export const DEFAULT_MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export class ImportUrlError extends Error {}

/** Parses what the user typed; relative URLs resolve against the page. */
export function checkImportUrl(text: string, base: string): URL {
  const trimmed = text.trim();
  if (!trimmed) throw new ImportUrlError('enter the URL of a CSV, JSON or Parquet file');
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    throw new ImportUrlError(`'${trimmed.slice(0, 200)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImportUrlError(`only http and https URLs can be imported, not '${url.protocol}'`);
  }
  if (url.username || url.password) throw new ImportUrlError('URLs with a user name or password are refused');
  return url;
}

/** The file name a URL points at, for format detection and provenance. */
export function fileNameOfUrl(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  return last || url.hostname;
}

export interface FetchTimeouts {
  /** Until the server starts answering (headers). Default 30 s. */
  readonly answerMs?: number;
  /** Longest wait for the next piece of the body. Default 30 s. */
  readonly idleMs?: number;
}

/** An HTML page where a data file was expected: a login page, an error page, an SPA fallback. */
function looksLikeHtml(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return text.startsWith('<!doctype html') || text.startsWith('<html') || (text.startsWith('<') && /<(head|body|title|meta)[\s>]/.test(text));
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export async function fetchForImport(
  url: URL,
  maxBytes = DEFAULT_MAX_IMPORT_BYTES,
  fetcher: typeof fetch = fetch,
  timeouts: FetchTimeouts = {},
): Promise<Uint8Array> {
  const answerMs = timeouts.answerMs ?? 30_000;
  const idleMs = timeouts.idleMs ?? 30_000;
  const controller = new AbortController();
  let timedOut: string | null = null;
  let timer = setTimeout(() => { timedOut = `the server did not answer within ${seconds(answerMs)}`; controller.abort(); }, answerMs);
  const fail = (detail: string): never => {
    throw new ImportUrlError(`${url.href}: ${detail}`);
  };
  try {
    let response: Response;
    try {
      response = await fetcher(url.href, { signal: controller.signal });
    } catch (error) {
      if (timedOut) fail(timedOut);
      return fail(`could not be fetched (${error instanceof Error ? error.message : String(error)}); the server may be down or may not allow cross-origin requests`);
    }
    if (!response.ok) fail(`the server answered HTTP ${response.status} ${response.statusText}`.trim());
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) fail(`${declared} bytes is over the ${maxBytes}-byte import limit`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (!response.body) {
      chunks.push(new Uint8Array(await response.arrayBuffer()));
      total = chunks[0].byteLength;
    } else {
      const reader = response.body.getReader();
      for (;;) {
        clearTimeout(timer);
        timer = setTimeout(() => { timedOut = `the download stalled: nothing arrived for ${seconds(idleMs)} after ${total} bytes`; controller.abort(); void reader.cancel().catch(() => undefined); }, idleMs);
        let piece: ReadableStreamReadResult<Uint8Array>;
        try {
          piece = await reader.read();
        } catch (error) {
          if (timedOut) fail(timedOut);
          const message = error instanceof Error ? error.message : String(error);
          const encoding = response.headers.get('content-encoding');
          return fail(`the download broke off after ${total} bytes (${message})` +
            (encoding ? `; the server said the body is ${encoding}-encoded, and decoding it may have failed` : '; the connection may have dropped'));
        }
        // A cancel on time-out ends the pending read as if the body were complete.
        if (timedOut) fail(timedOut);
        if (piece.done) break;
        total += piece.value.byteLength;
        if (total > maxBytes) {
          await reader.cancel();
          fail(`over the ${maxBytes}-byte import limit`);
        }
        chunks.push(piece.value);
      }
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    if (looksLikeHtml(bytes)) {
      fail('the server sent an HTML page, not a CSV, JSON or Parquet file (a login page, an error page or a site\'s fallback page?); use the address of the file itself');
    }
    return bytes;
  } finally {
    clearTimeout(timer);
  }
}
