/// <reference lib="webworker" />
/**
 * The bench worker: measures models with onnxruntime-web off the page's main thread. ORT's wasm
 * thread count is fixed when it first starts, so the page makes one worker per thread count.
 */
import { installMemoryProbe } from '../runtime/web/memory-probe.ts';
import type { BenchMethods, BenchProgress, MeasureRequestBody } from './bench-protocol.ts';
import { serve } from './rpc.ts';

installMemoryProbe();

// onnxruntime-web and the model builder load after the probe is installed.
const runtime = (async () => {
  const [session, capabilities, runner, fileWorkloadModule, zoo] = await Promise.all([
    import('../runtime/web/web-session.ts'),
    import('../runtime/web/capabilities.ts'),
    import('../runtime/web/web-runner.ts'),
    import('../runtime/web/file-workload.ts'),
    import('../runtime/zoo-workload.ts'),
  ]);
  return { session, capabilities, runner, fileWorkloadModule, zoo };
})();

type Runtime = Awaited<typeof runtime>;
let configuredThreads: number | null = null;
let capabilitiesPromise: Promise<import('../runtime/web/capabilities.ts').Capabilities> | null = null;
const workloads = new Map<string, import('../runtime/workload.ts').Workload>();
const referenceCache = new Map<string, import('../core/measure/check.ts').Outputs>();

function configure(rt: Runtime, threads: number): void {
  if (configuredThreads === null) {
    rt.session.configureWasm(threads);
    configuredThreads = threads;
  } else if (configuredThreads !== threads) {
    throw new Error(`this worker runs onnxruntime-web with ${configuredThreads} thread(s); start another worker for ${threads}`);
  }
}

async function loadWorkload(rt: Runtime, body: MeasureRequestBody): Promise<import('../runtime/workload.ts').Workload> {
  const key = body.model.kind === 'zoo' ? `zoo:${body.model.id}|${body.precision}` : `file:${body.model.name}|${body.model.bytes.byteLength}`;
  const cached = workloads.get(key);
  if (cached) return cached;
  if (workloads.size >= 2) workloads.delete(workloads.keys().next().value as string);
  let workload;
  if (body.model.kind === 'zoo') {
    workload = rt.zoo.zooWorkload(body.model.id, body.precision);
  } else {
    const bytes = new Uint8Array(body.model.bytes);
    const probe = new rt.session.WebSessionAdapter(bytes, { ep: 'wasm', optimization: 'disabled' });
    await probe.load();
    const inputs = probe.inputMetadata.map((m) => ({ name: m.name, type: m.isTensor ? m.type : 'non-tensor', shape: m.isTensor ? m.shape : [] }));
    await probe.dispose();
    workload = rt.fileWorkloadModule.fileWorkload(body.model.name, bytes, inputs);
  }
  workloads.set(key, workload);
  return workload;
}

async function prepare(threads: number): Promise<{ rt: Runtime; capabilities: import('../runtime/web/capabilities.ts').Capabilities }> {
  const rt = await runtime;
  configure(rt, threads);
  capabilitiesPromise ??= rt.capabilities.detectCapabilities();
  return { rt, capabilities: await capabilitiesPromise };
}

// Calls run one at a time, in order (serial): concurrent runs would time each other.
serve<BenchMethods>(self as unknown as DedicatedWorkerGlobalScope, {
  detect: async ({ threads }) => (await prepare(threads)).capabilities,
  measure: async ({ threads, body }, call) => {
    const { rt, capabilities } = await prepare(threads);
    const progress = (p: Omit<BenchProgress, 'ep'> & { ep?: string }) => call.progress({ ep: body.config.ep, ...p });
    progress({ phase: 'load', runs: 0, elapsedMs: 0, lastMs: null, fraction: 0, stage: 'build' });
    const workload = await loadWorkload(rt, body);
    const config = { ...body.config, ep: body.config.ep === 'cpu' ? 'wasm' as const : body.config.ep };
    return rt.runner.benchWeb({
      workload, config, capabilities, protocol: body.protocol, onUnavailable: body.onUnavailable, runId: body.runId, hardware: body.hardware,
      threads, referenceCache, onProgress: (p) => progress(p),
    });
  },
}, { serial: true });
