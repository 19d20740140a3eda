import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactCache, artifactCid, fetchArtifactHttp, matchesCid, parseCid, serveArtifacts } from './artifacts.ts';
import { countingProxy, startHeliaPeer } from './helia-peers.ts';

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 255);

describe('content-addressed artifacts', () => {
  it('names bytes by a CIDv1 over sha-256 and tells other bytes apart', async () => {
    const cid = await artifactCid(bytes(1000));
    expect(cid.toString()).toMatch(/^bafkrei/);
    expect((await artifactCid(bytes(1000))).equals(cid)).toBe(true);
    expect(await matchesCid(cid, bytes(1000))).toBe(true);
    expect(await matchesCid(cid, bytes(1000, 2))).toBe(false);
    expect(parseCid(cid.toString()).equals(cid)).toBe(true);
    expect(() => parseCid('not-a-cid')).toThrow(/'not-a-cid' is not a CID/);
  });

  it('keeps a cache by CID that drops a corrupted entry instead of returning it', async () => {
    const cache = new ArtifactCache(mkdtempSync(join(tmpdir(), 'perfcast-cache-')));
    const data = bytes(5000);
    const cid = await artifactCid(data);
    expect(await cache.get(cid)).toBeNull();
    await cache.put(cid, data);
    expect(await cache.get(cid)).toEqual(data);
    writeFileSync(join(cache.dir, cid.toString()), bytes(5000, 9));
    expect(await cache.get(cid)).toBeNull();
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
    await expect(cache.put(cid, bytes(10))).rejects.toThrow(/do not match/);
  });

  it('serves artifacts over HTTP and refuses bytes that do not match the CID', async () => {
    const data = bytes(200_000);
    const cid = await artifactCid(data);
    const other = await artifactCid(bytes(10));
    const server = await serveArtifacts(new Map([[cid.toString(), data], [other.toString(), bytes(11)]]));
    try {
      expect(await fetchArtifactHttp(server.url, cid)).toEqual(data);
      expect(server.bytesSent()).toBeGreaterThan(data.length);
      await expect(fetchArtifactHttp(server.url, other)).rejects.toThrow(/do not match/);
      await expect(fetchArtifactHttp(server.url, await artifactCid(bytes(12)))).rejects.toThrow(/HTTP 404/);
    } finally {
      await server.close();
    }
  });

  it('moves an artifact between two Helia peers on loopback, through a byte-counting proxy', async () => {
    const [seeder, fetcher] = await Promise.all([startHeliaPeer(), startHeliaPeer()]);
    const proxy = await countingProxy(seeder.port);
    try {
      const data = bytes(600_000);
      const cid = await seeder.add(data);
      await fetcher.dial(seeder, proxy.port);
      const got = await fetcher.cat(cid, 30_000);
      expect(got).toEqual(data);
      expect(proxy.bytes()).toBeGreaterThan(data.length);
    } finally {
      await proxy.close();
      await Promise.all([seeder.stop(), fetcher.stop()]);
    }
  });
});
