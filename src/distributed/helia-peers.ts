/**
 * Helia (IPFS in JS) peers on loopback for content-addressed model distribution: TCP + noise +
 * yamux + bitswap, no public bootstrap, DHT or delegated routing (peers are dialled directly, and
 * nothing here may reach outside the machine).
 *
 * Helia 7 targets Node 22. On Node 20 it needs two things, both set up here or in package.json:
 * `overrides.undici = 7.30.3` (undici 8, pulled in by @libp2p/http, calls zlib's zstd at import,
 * Node >= 22.15) and Promise.withResolvers (Node >= 22), polyfilled below. See docs/distributed.md.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

type Resolvers<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };
const PromiseWith = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof PromiseWith.withResolvers !== 'function') {
  PromiseWith.withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((a, b) => { resolve = a; reject = b; });
    return { promise, resolve, reject };
  };
}

export interface HeliaPeer {
  readonly peerId: string;
  /** The TCP port the peer listens on (loopback). */
  readonly port: number;
  add(bytes: Uint8Array): Promise<string>;
  /** Dials another peer, through `viaPort` when given (a byte-counting proxy). */
  dial(other: HeliaPeer, viaPort?: number): Promise<void>;
  cat(cid: string, timeoutMs?: number): Promise<Uint8Array>;
  stop(): Promise<void>;
}

export async function startHeliaPeer(): Promise<HeliaPeer> {
  const [{ createHeliaLight }, { withLibp2pLight }, { withBitswap }, { unixfs }, { tcp }, { noise }, { yamux }, { identify }, { CID }, { multiaddr }] = await Promise.all([
    import('helia'), import('@helia/libp2p'), import('@helia/bitswap'), import('@helia/unixfs'), import('@libp2p/tcp'),
    import('@libp2p/noise'), import('@libp2p/yamux'), import('@libp2p/identify'), import('multiformats/cid'), import('@multiformats/multiaddr'),
  ]);
  const light = await createHeliaLight({});
  const helia = withBitswap(withLibp2pLight(light, {
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    services: { identify: identify() },
  }));
  await helia.start();
  const fs = unixfs(helia);
  const address = helia.libp2p.getMultiaddrs()[0];
  const port = Number(address.toString().split('/')[4]);
  const peerId = helia.libp2p.peerId.toString();
  return {
    peerId,
    port,
    async add(bytes) {
      return (await fs.addBytes(bytes)).toString();
    },
    async dial(other, viaPort) {
      await helia.libp2p.dial(multiaddr(`/ip4/127.0.0.1/tcp/${viaPort ?? other.port}/p2p/${other.peerId}`));
    },
    async cat(cid, timeoutMs = 120_000) {
      const chunks: Uint8Array[] = [];
      let length = 0;
      for await (const chunk of fs.cat(CID.parse(cid), { signal: AbortSignal.timeout(timeoutMs) })) {
        chunks.push(chunk);
        length += chunk.length;
      }
      const out = new Uint8Array(length);
      let offset = 0;
      for (const c of chunks) { out.set(c, offset); offset += c.length; }
      return out;
    },
    async stop() {
      await helia.stop();
    },
  };
}

/** A loopback TCP proxy that counts the bytes it carries each way: what a transfer cost on the wire. */
export interface CountingProxy {
  readonly port: number;
  bytes(): number;
  close(): Promise<void>;
}

export async function countingProxy(targetPort: number): Promise<CountingProxy> {
  let total = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d: Buffer) => { total += d.length; });
    upstream.on('data', (d: Buffer) => { total += d.length; });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    bytes: () => total,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
