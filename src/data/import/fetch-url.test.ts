import { describe, expect, it } from 'vitest';
import { checkImportUrl, fetchForImport, fileNameOfUrl, ImportUrlError } from './fetch-url.ts';

const BASE = 'http://127.0.0.1:4173/';

describe('import URLs', () => {
  it('accepts http(s) and resolves relative URLs against the page', () => {
    expect(checkImportUrl(' data/runs.csv ', BASE).href).toBe('http://127.0.0.1:4173/data/runs.csv');
    expect(fileNameOfUrl(checkImportUrl('https://example.org/a/b%20c.parquet?x=1', BASE))).toBe('b c.parquet');
  });
  it('refuses other schemes and embedded credentials with a reason', () => {
    expect(() => checkImportUrl('javascript:alert(1)', BASE)).toThrow(/only http and https/);
    expect(() => checkImportUrl('file:///etc/passwd', BASE)).toThrow(/'file:'/);
    expect(() => checkImportUrl('https://u:p@example.org/x.csv', BASE)).toThrow(/password/);
    expect(() => checkImportUrl('', BASE)).toThrow(ImportUrlError);
  });
  it('names the URL and the status when the server refuses', async () => {
    const fetcher = (async () => new Response('nope', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(fetchForImport(new URL('http://h/x.csv'), 100, fetcher)).rejects.toThrow('http://h/x.csv: the server answered HTTP 404 Not Found');
  });
  it('stops reading past the size limit', async () => {
    const fetcher = (async () => new Response(new Uint8Array(1000))) as typeof fetch;
    await expect(fetchForImport(new URL('http://h/big.csv'), 999, fetcher)).rejects.toThrow(/over the 999-byte import limit/);
    const ok = await fetchForImport(new URL('http://h/big.csv'), 1000, fetcher);
    expect(ok.byteLength).toBe(1000);
  });
});
