/**
 * What this host can measure with: CPU, GPUs on the PCI bus, which onnxruntime-node execution
 * providers can run here, and which power meters are readable. Every "no" carries its reason.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { findHardware } from '../../core/catalog/hardware.ts';
import { cpuModel, hardwareId } from '../../runtime/node/node-env.ts';

export interface Probe {
  readonly available: boolean;
  readonly reason: string;
}

export interface GpuDevice {
  readonly vendor: string;
  readonly name: string;
  readonly pci: string;
  readonly catalog_id: string | null;
}

/** The filesystem the probes read, injectable so tests can describe a GPU host. */
export interface HostFs {
  exists(path: string): boolean;
  readable(path: string): boolean;
  read(path: string): string | null;
  list(path: string): string[];
}

export const realFs: HostFs = {
  exists: (p) => existsSync(p),
  readable: (p) => { try { accessSync(p, constants.R_OK); readFileSync(p); return true; } catch { return false; } },
  read: (p) => { try { return readFileSync(p, 'utf8'); } catch { return null; } },
  list: (p) => { try { return readdirSync(p); } catch { return []; } },
};

const VENDORS: Record<string, string> = { '0x10de': 'NVIDIA', '0x1002': 'AMD', '0x17cb': 'Qualcomm' };
const DISPLAY_CLASS = /^0x03/; // PCI class 03xxxx: display controllers (VGA, 3D)
const ACCEL_CLASS = /^0x12/; // 12xxxx: processing accelerators

export function pciGpus(fs: HostFs = realFs): GpuDevice[] {
  const base = '/sys/bus/pci/devices';
  const out: GpuDevice[] = [];
  for (const dev of fs.list(base)) {
    const vendorId = fs.read(join(base, dev, 'vendor'))?.trim() ?? '';
    const cls = fs.read(join(base, dev, 'class'))?.trim() ?? '';
    const vendor = VENDORS[vendorId];
    if (!vendor || !(DISPLAY_CLASS.test(cls) || ACCEL_CLASS.test(cls))) continue;
    const nvidiaName = vendor === 'NVIDIA' ? nvidiaModel(fs, dev) : null;
    const name = nvidiaName ?? `${vendor} device ${fs.read(join(base, dev, 'device'))?.trim() ?? '?'}`;
    out.push({ vendor, name, pci: dev, catalog_id: nvidiaName ? findHardware(nvidiaName)?.id ?? null : null });
  }
  return out;
}

function nvidiaModel(fs: HostFs, pci: string): string | null {
  const info = fs.read(`/proc/driver/nvidia/gpus/${pci}/information`);
  const line = info?.split('\n').find((l) => l.startsWith('Model:'));
  return line ? line.slice('Model:'.length).trim() : null;
}

export function onPath(command: string, env: NodeJS.ProcessEnv = process.env, fs: HostFs = realFs): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const p = join(dir, command);
    if (fs.exists(p)) return p;
  }
  return null;
}

function ortBinaryDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('onnxruntime-node/package.json'));
    return join(root, 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

export function cudaProbe(gpus: readonly GpuDevice[], fs: HostFs = realFs, ortDir = ortBinaryDir()): Probe {
  const nvidia = gpus.filter((g) => g.vendor === 'NVIDIA');
  if (nvidia.length === 0) return { available: false, reason: 'no GPU: no NVIDIA device on the PCI bus (/sys/bus/pci/devices)' };
  if (!fs.exists('/proc/driver/nvidia/version') && !fs.exists('/dev/nvidia0')) {
    return { available: false, reason: `no driver: ${nvidia.length} NVIDIA device(s) found but /proc/driver/nvidia/version and /dev/nvidia0 are missing` };
  }
  const lib = ortDir ? join(ortDir, 'libonnxruntime_providers_cuda.so') : null;
  if (!lib || !fs.exists(lib)) {
    return { available: false, reason: "the npm package's CUDA libraries are not installed (libonnxruntime_providers_cuda.so missing; onnxruntime-node was installed with ONNXRUNTIME_NODE_INSTALL=skip or without network)" };
  }
  return { available: true, reason: `NVIDIA driver and ${lib} present; the agent still measures on cpu only (CUDA runs are not wired into plans yet)` };
}

export function rocmProbe(gpus: readonly GpuDevice[]): Probe {
  const amd = gpus.filter((g) => g.vendor === 'AMD').length;
  return { available: false, reason: `not available in the onnxruntime-node npm build (it ships cpu, webgpu, cuda, tensorrt)${amd ? `; ${amd} AMD device(s) present` : ''}` };
}

export function qnnProbe(): Probe {
  return { available: false, reason: 'not available in the onnxruntime-node npm build (QNN needs a Windows/Android ARM build of onnxruntime)' };
}

export function raplProbe(fs: HostFs = realFs): Probe {
  const base = '/sys/class/powercap';
  if (!fs.exists(base)) return { available: false, reason: 'unavailable: no /sys/class/powercap (no RAPL driver exposed on this host)' };
  const zones = fs.list(base).filter((z) => z.startsWith('intel-rapl:') && !z.slice('intel-rapl:'.length).includes(':'));
  if (zones.length === 0) return { available: false, reason: 'unavailable: /sys/class/powercap has no intel-rapl package zone' };
  const readable = zones.filter((z) => fs.readable(join(base, z, 'energy_uj')));
  if (readable.length === 0) return { available: false, reason: `unavailable: ${zones.map((z) => `${base}/${z}/energy_uj`).join(', ')} not readable (root-only on current kernels)` };
  return { available: true, reason: `RAPL energy counters readable: ${readable.join(', ')}` };
}

export function nvidiaSmiProbe(env: NodeJS.ProcessEnv = process.env, fs: HostFs = realFs): Probe {
  const path = onPath('nvidia-smi', env, fs);
  return path ? { available: true, reason: `${path} present (power.draw sampling)` } : { available: false, reason: 'unavailable: nvidia-smi not on PATH' };
}

function ortVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function detectMachine(fs: HostFs = realFs) {
  const model = cpuModel();
  const gpus = pciGpus(fs);
  return {
    hostname: os.hostname(),
    cpu: {
      model,
      cores: os.cpus().length,
      memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      hardware_id: hardwareId(model),
      catalog_id: findHardware(model)?.id ?? null,
    },
    gpus,
    execution_providers: {
      cpu: { available: true, reason: 'onnxruntime-node CPU execution provider (bundled)' },
      cuda: cudaProbe(gpus, fs),
      rocm: rocmProbe(gpus),
      qnn: qnnProbe(),
    },
    power: { rapl: raplProbe(fs), nvidia_smi: nvidiaSmiProbe(process.env, fs) },
    runtime: { node: process.version, onnxruntime_node: ortVersion(), os: `${os.type()} ${os.release()} ${os.arch()}` },
  };
}
