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

export async function fetchForImport(url: URL, maxBytes = DEFAULT_MAX_IMPORT_BYTES, fetcher: typeof fetch = fetch): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetcher(url.href);
  } catch (error) {
    throw new ImportUrlError(`${url.href}: could not be fetched (${error instanceof Error ? error.message : String(error)}); the server may be down or may not allow cross-origin requests`);
  }
  if (!response.ok) throw new ImportUrlError(`${url.href}: the server answered HTTP ${response.status} ${response.statusText}`.trim());
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ImportUrlError(`${url.href}: ${declared} bytes is over the ${maxBytes}-byte import limit`);
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ImportUrlError(`${url.href}: over the ${maxBytes}-byte import limit`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
