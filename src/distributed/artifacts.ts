/**
 * Model artifacts addressed by content: a CID (multiformats: CIDv1, raw codec, sha-256) names
 * the bytes, so any source (a peer, the coordinator over HTTP, a local cache) can be checked
 * against the name and a worker never runs a model that differs from the one the sweep meant.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';

export async function artifactCid(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

export function parseCid(text: string): CID {
  try {
    return CID.parse(text);
  } catch (error) {
    throw new Error(`'${text}' is not a CID: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when the bytes hash to the CID's multihash (sha-256 only: the hash this module writes). */
export async function matchesCid(cid: CID, bytes: Uint8Array): Promise<boolean> {
  if (cid.multihash.code !== sha256.code) throw new Error(`CID ${cid.toString()} uses multihash 0x${cid.multihash.code.toString(16)}; only sha2-256 is checked here`);
  const digest = await sha256.digest(bytes);
  const a = digest.digest;
  const b = cid.multihash.digest;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A directory of artifacts named by CID; what is read back is checked against its name. */
export class ArtifactCache {
  hits = 0;
  misses = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private path(cid: CID): string {
    return join(this.dir, cid.toString());
  }

  /** The bytes if cached and intact; a corrupt entry is deleted and counts as a miss. */
  async get(cid: CID): Promise<Uint8Array | null> {
    const path = this.path(cid);
    if (!existsSync(path)) {
      this.misses++;
      return null;
    }
    const bytes = new Uint8Array(readFileSync(path));
    if (!(await matchesCid(cid, bytes))) {
      rmSync(path, { force: true });
      this.misses++;
      return null;
    }
    this.hits++;
    return bytes;
  }

  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    if (!(await matchesCid(cid, bytes))) throw new Error(`refusing to cache bytes that do not match ${cid.toString()}`);
    const path = this.path(cid);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  }

  hitRatio(): number | null {
    const total = this.hits + this.misses;
    return total === 0 ? null : this.hits / total;
  }
}

export interface ArtifactHttpServer {
  readonly url: string;
  /** Bytes written to sockets (headers and bodies) since start. */
  bytesSent(): number;
  close(): Promise<void>;
}

/** Serves `GET /artifacts/<cid>` from memory: the coordinator's plain-HTTP source. */
export async function serveArtifacts(artifacts: ReadonlyMap<string, Uint8Array>, port = 0): Promise<ArtifactHttpServer> {
  const sockets = new Set<Socket>();
  let closedBytes = 0;
  const server: Server = createServer((request, response) => {
    const match = /^\/artifacts\/([A-Za-z0-9]+)$/.exec(request.url ?? '');
    const bytes = match ? artifacts.get(match[1]) : undefined;
    if (request.method !== 'GET' || !bytes) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no such artifact\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length, 'cache-control': 'public, max-age=31536000, immutable' });
    response.end(bytes);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closedBytes += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    bytesSent: () => closedBytes + [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Fetches an artifact over HTTP and checks it against its CID; a mismatch is an error, never cached. */
export async function fetchArtifactHttp(baseUrl: string, cid: CID): Promise<Uint8Array> {
  const response = await fetch(`${baseUrl}/artifacts/${cid.toString()}`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/artifacts/${cid.toString()}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(await matchesCid(cid, bytes))) throw new Error(`the bytes from ${baseUrl} do not match ${cid.toString()}`);
  return bytes;
}
