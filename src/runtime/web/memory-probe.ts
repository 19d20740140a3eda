/**
 * Memory the page runtime can see: the size of every WebAssembly memory created after install()
 * (ORT's wasm heap only grows, so its size is its peak) and the bytes of live WebGPU buffers
 * (createBuffer/destroy are wrapped). Install once, before onnxruntime-web is loaded.
 */

interface GpuBufferLike { readonly size: number; destroy(): void }
interface GpuDeviceLike { createBuffer(descriptor: { size: number }): GpuBufferLike }

const memories = new Set<WebAssembly.Memory>();
let gpuLive = 0;
let gpuPeak = 0;
let installed = false;

function remember(instance: WebAssembly.Instance): void {
  for (const value of Object.values(instance.exports)) {
    if (value instanceof WebAssembly.Memory) memories.add(value);
  }
}

function instrumentWasm(): void {
  const NativeMemory = WebAssembly.Memory;
  const Probed = function (this: unknown, descriptor: WebAssembly.MemoryDescriptor) {
    const memory = new NativeMemory(descriptor);
    memories.add(memory);
    return memory;
  } as unknown as typeof WebAssembly.Memory;
  Probed.prototype = NativeMemory.prototype;
  (WebAssembly as { Memory: typeof WebAssembly.Memory }).Memory = Probed;

  const instantiate = WebAssembly.instantiate.bind(WebAssembly);
  (WebAssembly as { instantiate: unknown }).instantiate = async (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
    const result = await instantiate(source as BufferSource, imports);
    remember(result instanceof WebAssembly.Instance ? result : result.instance);
    return result;
  };
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    const streaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
    (WebAssembly as { instantiateStreaming: unknown }).instantiateStreaming = async (source: Response | PromiseLike<Response>, imports?: WebAssembly.Imports) => {
      const result = await streaming(source, imports);
      remember(result.instance);
      return result;
    };
  }
}

function instrumentWebGpu(): void {
  const scope = globalThis as unknown as { GPUDevice?: { prototype: GpuDeviceLike }; GPUBuffer?: { prototype: GpuBufferLike } };
  if (!scope.GPUDevice || !scope.GPUBuffer) return;
  const bufferProto = scope.GPUBuffer.prototype;
  const destroy = bufferProto.destroy;
  const destroyed = new WeakSet<object>();
  bufferProto.destroy = function (this: GpuBufferLike) {
    if (!destroyed.has(this)) {
      destroyed.add(this);
      gpuLive -= this.size;
    }
    return destroy.call(this);
  };
  const deviceProto = scope.GPUDevice.prototype;
  const createBuffer = deviceProto.createBuffer;
  deviceProto.createBuffer = function (this: GpuDeviceLike, descriptor: { size: number }) {
    const buffer = createBuffer.call(this, descriptor);
    gpuLive += buffer.size;
    gpuPeak = Math.max(gpuPeak, gpuLive);
    return buffer;
  };
}

export function installMemoryProbe(): void {
  if (installed) return;
  installed = true;
  instrumentWasm();
  instrumentWebGpu();
}

export function wasmHeapBytes(): number {
  let total = 0;
  for (const memory of memories) total += memory.buffer.byteLength;
  return total;
}

/** Starts a new GPU peak window (per measurement) from the buffers alive now. */
export function resetGpuPeak(): void {
  gpuPeak = gpuLive;
}

export function gpuBufferPeakBytes(): number {
  return gpuPeak;
}
