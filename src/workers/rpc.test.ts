import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, RpcClient, serve, type Contract, type Endpoint, type Method } from './rpc.ts';

type TestContract = {
  add: Method<{ a: number; b: number }, number>;
  count: Method<{ to: number }, string, number>;
  fail: Method<{ name: string }, never>;
  wait: Method<{ ms: number }, string>;
  bytes: Method<ArrayBuffer, number>;
};

const ports: MessagePort[] = [];

/** A real MessageChannel pair (structured cloning, transfer, asynchronous delivery), as with a Worker. */
function channel(serial = false, log: string[] = []) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const stop = serve<TestContract>(port2 as unknown as Endpoint, {
    add: ({ a, b }) => a + b,
    count: ({ to }, ctx) => {
      for (let i = 1; i <= to; i++) ctx.progress(i);
      return `counted to ${to}`;
    },
    fail: ({ name }) => {
      const e = new TypeError(`bad column ${name}`);
      throw e;
    },
    wait: ({ ms }, ctx) => new Promise((resolve, reject) => {
      log.push(`start ${ms}`);
      const timer = setTimeout(() => { log.push(`end ${ms}`); resolve(`waited ${ms}`); }, ms);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); log.push(`aborted ${ms}`); reject(new Error('aborted')); });
    }),
    bytes: (buffer) => buffer.byteLength,
  }, { serial });
  const client = new RpcClient<TestContract>(port1 as unknown as Endpoint);
  return { client, stop, log };
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

describe('RpcClient and serve', () => {
  it('pairs each answer with its request, whatever order they finish in', async () => {
    const { client } = channel();
    const slow = client.call('wait', { ms: 40 });
    const fast = client.call('wait', { ms: 5 });
    const sums = Promise.all([1, 2, 3].map((a) => client.call('add', { a, b: 10 })));
    expect(await sums).toEqual([11, 12, 13]);
    expect(await fast).toBe('waited 5');
    expect(await slow).toBe('waited 40');
    expect(client.waiting).toBe(0);
  });

  it('delivers progress before the answer, to the call that asked', async () => {
    const { client } = channel();
    const seenA: number[] = [];
    const seenB: number[] = [];
    const [a, b] = await Promise.all([
      client.call('count', { to: 3 }, { onProgress: (v) => seenA.push(v) }),
      client.call('count', { to: 2 }, { onProgress: (v) => seenB.push(v) }),
    ]);
    expect([a, b]).toEqual(['counted to 3', 'counted to 2']);
    expect(seenA).toEqual([1, 2, 3]);
    expect(seenB).toEqual([1, 2]);
  });

  it('rejects with the thrown error name and message', async () => {
    const { client } = channel();
    const error = await client.call('fail', { name: 'latency_ms' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TypeError', message: 'bad column latency_ms' });
    expect(await client.call('add', { a: 1, b: 1 })).toBe(2);
  });

  it('refuses a method the worker does not have', async () => {
    const untyped = channel().client as unknown as RpcClient<Contract>;
    await expect(untyped.call('nope', {})).rejects.toThrow('unknown method nope');
    await expect(untyped.call('toString', {})).rejects.toThrow('unknown method toString');
  });

  it('cancels: the call rejects at once and the worker sees its signal abort', async () => {
    const { client, log } = channel();
    const controller = new AbortController();
    const call = client.call('wait', { ms: 10_000 }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(CancelledError);
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['start 10000', 'aborted 10000']);
    expect(client.waiting).toBe(0);
  });

  it('does not start a call already aborted, nor a serial call cancelled while queued', async () => {
    const { client, log } = channel(true);
    await expect(client.call('add', { a: 1, b: 2 }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    const controller = new AbortController();
    const first = client.call('wait', { ms: 30 });
    const queued = client.call('wait', { ms: 5 }, { signal: controller.signal });
    const third = client.call('wait', { ms: 6 });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    expect(await first).toBe('waited 30');
    expect(await third).toBe('waited 6');
    expect(log).toEqual(['start 30', 'end 30', 'start 6', 'end 6']);
  });

  it('runs serial calls one at a time, in order', async () => {
    const { client, log } = channel(true);
    await Promise.all([client.call('wait', { ms: 20 }), client.call('wait', { ms: 1 })]);
    expect(log).toEqual(['start 20', 'end 20', 'start 1', 'end 1']);
  });

  it('failAll and close reject what is waiting', async () => {
    const { client } = channel();
    const a = client.call('wait', { ms: 10_000 });
    client.failAll(new Error('worker crashed'));
    await expect(a).rejects.toThrow('worker crashed');
    const b = client.call('wait', { ms: 10_000 });
    client.close();
    await expect(b).rejects.toBeInstanceOf(CancelledError);
  });

  it('copies buffers by default and moves them when asked', async () => {
    const { client } = channel();
    const kept = new ArrayBuffer(16);
    expect(await client.call('bytes', kept)).toBe(16);
    expect(kept.byteLength).toBe(16);
    const moved = new ArrayBuffer(8);
    expect(await client.call('bytes', moved, { transfer: [moved] })).toBe(8);
    expect(moved.byteLength).toBe(0);
  });

  it('ignores messages that are not its own', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const client = new RpcClient<TestContract>(port1 as unknown as Endpoint);
    port2.addEventListener('message', (e: MessageEvent) => {
      const call = e.data as { id: number };
      port2.postMessage('noise');
      port2.postMessage({ rpc: 'result', id: call.id + 100, value: 'not yours' });
      port2.postMessage({ rpc: 'result', id: call.id, value: 'yours' });
    });
    port2.start();
    expect(await client.call('add', { a: 0, b: 0 })).toBe('yours');
  });
});
