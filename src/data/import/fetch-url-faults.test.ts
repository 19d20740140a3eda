import { describe, expect, it } from 'vitest';
import { fetchForImport } from './fetch-url.ts';

/** A fetch that never answers, but gives up when aborted, as the browser's does. */
const silent = ((_url: string, init?: RequestInit) => new Promise<Response>((_, reject) => {
  init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
})) as typeof fetch;

function streaming(pieces: (Uint8Array | Error | 'hang')[], headers: Record<string, string> = {}): typeof fetch {
  return (async () => new Response(new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pieces.shift();
      if (next === undefined) controller.close();
      else if (next === 'hang') await new Promise(() => undefined);
      else if (next instanceof Error) controller.error(next);
      else controller.enqueue(next);
    },
  }), { headers })) as typeof fetch;
}

const url = new URL('http://h/x.csv');
const enc = (t: string) => new TextEncoder().encode(t);

describe('item 9: URL import says what happened', () => {
  it('a server that never answers times out with a message, not an endless "Reading..."', async () => {
    await expect(fetchForImport(url, 1e6, silent, { answerMs: 50 })).rejects.toThrow('http://h/x.csv: the server did not answer within 0.1 s');
  });

  it('a body that stalls half-way times out naming how much arrived', async () => {
    await expect(fetchForImport(url, 1e6, streaming([enc('a,b\n'), 'hang']), { idleMs: 50 })).rejects.toThrow(/the download stalled: nothing arrived for 0\.1 s after 4 bytes/);
  });

  it('an HTML page served as .csv is reported as an HTML page, not a CSV shape error', async () => {
    const html = streaming([enc('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>login</body></html>')], { 'content-type': 'text/html' });
    await expect(fetchForImport(url, 1e6, html)).rejects.toThrow(/the server sent an HTML page, not a CSV, JSON or Parquet file/);
  });

  it('a failed content decoding names the encoding instead of a bare network error', async () => {
    const broken = streaming([enc('a,b\n1,'), new TypeError('network error')], { 'content-encoding': 'gzip' });
    await expect(fetchForImport(url, 1e6, broken)).rejects.toThrow(/the download broke off after 6 bytes \(network error\); the server said the body is gzip-encoded, and decoding it may have failed/);
  });

  it('a CSV that merely starts with < is still a CSV', async () => {
    const bytes = await fetchForImport(url, 1e6, streaming([enc('<model>,hardware\nm,h\n')]));
    expect(new TextDecoder().decode(bytes)).toBe('<model>,hardware\nm,h\n');
  });
});
