/**
 * Content-addressed model distribution against plain HTTP, measured on loopback: for small,
 * medium and large artifacts, Helia peers (1, 2 and 4 seeders, bitswap) and the coordinator's HTTP
 * server. Each fetch starts cold (a fresh fetching peer or a plain GET) and ends when the bytes
 * match the artifact's CID. Then a worker with a CID cache runs a few jobs that need the artifact
 * to measure cache hits. Rows go into table `ipfs_acceleration_metrics` of --out (DuckDB) and
 * print as a table.
 *
 *   npx tsx scripts/bench-ipfs.ts [--out ipfs.duckdb] [--runs 3] [--sizes small,medium,large]
 *
 * The payloads are synthetic bytes of model sizes (what is measured is moving bytes, not
 * running them); they are labelled so in every row.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { ArtifactCache, artifactCid, fetchArtifactHttp, matchesCid, serveArtifacts } from '../src/distributed/artifacts.ts';
import { countingProxy, startHeliaPeer, type CountingProxy, type HeliaPeer } from '../src/distributed/helia-peers.ts';
import { hardwareId } from '../src/runtime/node/node-env.ts';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, runs: { type: 'string' }, sizes: { type: 'string' }, peers: { type: 'string' } } });
const RUNS = Number(args.runs ?? 3);
const MIB = 1024 * 1024;
const SIZES: Record<string, number> = { small: 1 * MIB, medium: 16 * MIB, large: 64 * MIB };
const sizes = (args.sizes ?? 'small,medium,large').split(',').filter((s) => s in SIZES);
const peerCounts = (args.peers ?? '1,2,4').split(',').map(Number);
const CACHE_JOBS = 5;
const PAYLOAD = 'synthetic bytes of model size (xorshift32)';

function payload(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

interface Row {
  measured_at: string; source: 'measured'; hardware: string; host: string; payload: string;
  model_size_class: string; model_bytes: number; artifact_cid: string; unixfs_cid: string | null;
  method: string; peers: number; runs: number;
  retrieval_ms_p50: number; retrieval_ms_min: number; retrieval_ms_max: number; throughput_mb_s: number;
  wire_bytes: number; bandwidth_efficiency: number; cache_hit_ratio: number; cache_hit_ms: number; load_avg_1m: number;
}

const rows: Row[] = [];
const hardware = hardwareId();
const host = os.hostname();
console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

async function cacheTrial(fetchOnce: () => Promise<Uint8Array>, cid: Awaited<ReturnType<typeof artifactCid>>): Promise<{ ratio: number; hitMs: number }> {
  const cache = new ArtifactCache(mkdtempSync(join(os.tmpdir(), 'perfcast-ipfs-cache-')));
  const hitTimes: number[] = [];
  for (let job = 0; job < CACHE_JOBS; job++) {
    const start = performance.now();
    const cached = await cache.get(cid);
    if (cached) hitTimes.push(performance.now() - start);
    else await cache.put(cid, await fetchOnce());
  }
  return { ratio: cache.hitRatio() ?? 0, hitMs: median(hitTimes) };
}

function row(base: Omit<Row, 'retrieval_ms_p50' | 'retrieval_ms_min' | 'retrieval_ms_max' | 'throughput_mb_s' | 'bandwidth_efficiency' | 'wire_bytes' | 'runs'>, times: number[], wire: number[]): Row {
  const p50 = median(times);
  const w = median(wire);
  return {
    ...base, runs: times.length, retrieval_ms_p50: p50, retrieval_ms_min: Math.min(...times), retrieval_ms_max: Math.max(...times),
    throughput_mb_s: base.model_bytes / MIB / (p50 / 1000), wire_bytes: w, bandwidth_efficiency: base.model_bytes / w,
  };
}

for (const sizeClass of sizes) {
  const bytes = payload(SIZES[sizeClass], sizeClass.length * 7919);
  const cid = await artifactCid(bytes);
  const cidText = cid.toString();
  const common = () => ({ measured_at: new Date().toISOString(), source: 'measured' as const, hardware, host, payload: PAYLOAD, model_size_class: sizeClass, model_bytes: bytes.length, artifact_cid: cidText, load_avg_1m: os.loadavg()[0] });

  // Plain HTTP from the coordinator.
  const server = await serveArtifacts(new Map([[cidText, bytes]]));
  const times: number[] = [];
  const wire: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const before = server.bytesSent();
    const start = performance.now();
    await fetchArtifactHttp(server.url, cid);
    times.push(performance.now() - start);
    wire.push(server.bytesSent() - before);
  }
  const httpCache = await cacheTrial(() => fetchArtifactHttp(server.url, cid), cid);
  rows.push(row({ ...common(), unixfs_cid: null, method: 'http', peers: 1, cache_hit_ratio: httpCache.ratio, cache_hit_ms: httpCache.hitMs }, times, wire));
  await server.close();

  // Helia: N seeders holding the artifact, a fresh fetching peer for each cold fetch.
  for (const peers of peerCounts) {
    const seeders: HeliaPeer[] = await Promise.all(Array.from({ length: peers }, () => startHeliaPeer()));
    const unixfsCids = await Promise.all(seeders.map((s) => s.add(bytes)));
    if (new Set(unixfsCids).size !== 1) throw new Error('seeders disagree on the unixfs CID');
    const unixfsCid = unixfsCids[0];
    const heliaTimes: number[] = [];
    const heliaWire: number[] = [];
    const fetchFresh = async (timed: boolean): Promise<Uint8Array> => {
      const fetcher = await startHeliaPeer();
      const proxies: CountingProxy[] = await Promise.all(seeders.map((s) => countingProxy(s.port)));
      try {
        await Promise.all(seeders.map((s, i) => fetcher.dial(s, proxies[i].port)));
        const before = proxies.reduce((sum, p) => sum + p.bytes(), 0);
        const start = performance.now();
        const got = await fetcher.cat(unixfsCid, 300_000);
        if (!(await matchesCid(cid, got))) throw new Error(`Helia returned bytes that do not match ${cidText}`);
        if (timed) {
          heliaTimes.push(performance.now() - start);
          heliaWire.push(proxies.reduce((sum, p) => sum + p.bytes(), 0) - before);
        }
        return got;
      } finally {
        await fetcher.stop();
        await Promise.all(proxies.map((p) => p.close()));
      }
    };
    for (let r = 0; r < RUNS; r++) await fetchFresh(true);
    const heliaCache = await cacheTrial(() => fetchFresh(false), cid);
    rows.push(row({ ...common(), unixfs_cid: unixfsCid, method: 'cid-helia-bitswap', peers, cache_hit_ratio: heliaCache.ratio, cache_hit_ms: heliaCache.hitMs }, heliaTimes, heliaWire));
    await Promise.all(seeders.map((s) => s.stop()));
    console.error(`done: ${sizeClass} helia ${peers} peer(s)`);
  }
}

console.log('\n| size | bytes | method | peers | p50 ms (min-max) | MB/s | wire bytes | bandwidth efficiency | cache hit ratio | cache hit ms | load 1m |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.model_size_class} | ${r.model_bytes} | ${r.method} | ${r.peers} | ${r.retrieval_ms_p50.toFixed(1)} (${r.retrieval_ms_min.toFixed(1)}-${r.retrieval_ms_max.toFixed(1)}) | ` +
    `${r.throughput_mb_s.toFixed(1)} | ${r.wire_bytes} | ${r.bandwidth_efficiency.toFixed(3)} | ${r.cache_hit_ratio.toFixed(2)} | ${r.cache_hit_ms.toFixed(2)} | ${r.load_avg_1m.toFixed(2)} |`);
}

if (args.out) {
  const instance = await DuckDBInstance.create(args.out);
  const connection = await instance.connect();
  const columns = Object.keys(rows[0]);
  await connection.run(`CREATE TABLE IF NOT EXISTS ipfs_acceleration_metrics (${columns.map((c) => `${c} ${typeof (rows[0] as unknown as Record<string, unknown>)[c] === 'number' ? 'DOUBLE' : 'VARCHAR'}`).join(', ')})`);
  for (const r of rows) {
    const values = columns.map((c) => (r as unknown as Record<string, string | number | null>)[c]);
    await connection.run(`INSERT INTO ipfs_acceleration_metrics VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  }
  connection.closeSync();
  instance.closeSync();
  console.log(`\nwrote ${rows.length} rows to table ipfs_acceleration_metrics of ${args.out}`);
}
process.exit(0);
