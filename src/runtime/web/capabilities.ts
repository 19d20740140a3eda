/**
 * What this browser context can run, with the reason when it cannot. Runs in a worker or a page.
 * Detection asks the platform directly (navigator.gpu, navigator.ml) rather than trusting ORT,
 * because ORT with a provider list silently falls back.
 */
import type { GpuAdapterInfo } from '../../core/measure/record.ts';
import type { PageProvider } from '../../core/measure/plan.ts';

export interface ProviderCapability {
  readonly available: boolean;
  /** Why it is unavailable, or a note on what is available (e.g. a software adapter). */
  readonly reason: string;
}

export interface Capabilities {
  readonly providers: Readonly<Record<PageProvider, ProviderCapability>>;
  readonly gpuAdapter: GpuAdapterInfo | null;
  readonly crossOriginIsolated: boolean;
  /** Most wasm threads usable: 1 unless SharedArrayBuffer is allowed (COOP/COEP). */
  readonly maxThreads: number;
  readonly hardwareConcurrency: number;
  readonly browser: string;
  readonly userAgent: string;
}

interface NavigatorLike {
  readonly userAgent?: string;
  readonly hardwareConcurrency?: number;
  readonly userAgentData?: { brands?: Array<{ brand: string; version: string }>; platform?: string };
  readonly gpu?: { requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null> };
  readonly ml?: { createContext(options?: Record<string, unknown>): Promise<unknown> };
}

interface AdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

/** "Chromium 140.0.7339.185" from UA client hints, else from the user-agent string. */
export function browserName(nav: NavigatorLike): string {
  const brands = nav.userAgentData?.brands?.filter((b) => !/not.?a.?brand/i.test(b.brand)) ?? [];
  const ua = nav.userAgent ?? '';
  const full = /(HeadlessChrome|Chrome|Chromium|Firefox|Edg|Version)\/([\d.]+)/.exec(ua);
  const preferred = brands.find((b) => /chromium|chrome|edge/i.test(b.brand));
  if (preferred) {
    const version = full && full[2].split('.')[0] === preferred.version.split('.')[0] ? full[2] : preferred.version;
    return `${preferred.brand} ${version}${/Headless/.test(ua) ? ' (headless)' : ''}`;
  }
  if (/Firefox\/([\d.]+)/.test(ua)) return `Firefox ${/Firefox\/([\d.]+)/.exec(ua)![1]}`;
  if (full) return `${full[1] === 'HeadlessChrome' ? 'Chromium (headless)' : full[1]} ${full[2]}`;
  return ua || 'unknown browser';
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function detectWebGpu(nav: NavigatorLike): Promise<{ capability: ProviderCapability; adapter: GpuAdapterInfo | null }> {
  if (!nav.gpu) return { capability: { available: false, reason: 'navigator.gpu missing (WebGPU not exposed; Chromium needs a GPU or --enable-unsafe-webgpu)' }, adapter: null };
  let adapter: AdapterLike | null;
  try {
    adapter = await nav.gpu.requestAdapter();
  } catch (error) {
    return { capability: { available: false, reason: `requestAdapter failed: ${errorText(error)}` }, adapter: null };
  }
  if (!adapter) return { capability: { available: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' }, adapter: null };
  const info = adapter.info ?? {};
  const isFallbackAdapter = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? null;
  const gpuAdapter: GpuAdapterInfo = {
    vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '', isFallbackAdapter,
  };
  const name = [gpuAdapter.vendor, gpuAdapter.architecture, gpuAdapter.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return {
    capability: { available: true, reason: isFallbackAdapter ? `software fallback adapter (${name}): correct but slow, not a GPU speed` : `adapter ${name}` },
    adapter: gpuAdapter,
  };
}

export async function detectWebNn(nav: NavigatorLike): Promise<ProviderCapability> {
  if (!nav.ml) return { available: false, reason: 'navigator.ml missing (WebNN not exposed; Chromium needs --enable-features=WebMachineLearningNeuralNetwork)' };
  try {
    await nav.ml.createContext({ deviceType: 'cpu' });
    return { available: true, reason: 'navigator.ml.createContext() succeeded' };
  } catch (error) {
    return { available: false, reason: `navigator.ml.createContext() failed: ${errorText(error)}` };
  }
}

export async function detectCapabilities(scope: { navigator: NavigatorLike; crossOriginIsolated?: boolean } = globalThis as never): Promise<Capabilities> {
  const nav = scope.navigator;
  const isolated = scope.crossOriginIsolated === true;
  const hardwareConcurrency = nav.hardwareConcurrency ?? 1;
  const wasmAvailable = typeof WebAssembly === 'object';
  const [webgpu, webnn] = await Promise.all([detectWebGpu(nav), detectWebNn(nav)]);
  return {
    providers: {
      wasm: wasmAvailable
        ? { available: true, reason: isolated ? `crossOriginIsolated: up to ${hardwareConcurrency} threads` : 'not crossOriginIsolated: 1 thread only' }
        : { available: false, reason: 'WebAssembly missing' },
      webgpu: webgpu.capability,
      webnn,
    },
    gpuAdapter: webgpu.adapter,
    crossOriginIsolated: isolated,
    maxThreads: isolated && typeof SharedArrayBuffer === 'function' ? hardwareConcurrency : 1,
    hardwareConcurrency,
    browser: browserName(nav),
    userAgent: nav.userAgent ?? '',
  };
}
