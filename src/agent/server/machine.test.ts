import { describe, expect, it } from 'vitest';
import { cudaProbe, nvidiaSmiProbe, pciGpus, raplProbe, rocmProbe, type HostFs } from './machine.ts';

/** A host described as files: path -> contents (directories are implied by their children). */
function fakeFs(files: Record<string, string>, unreadable: string[] = []): HostFs {
  const paths = Object.keys(files);
  return {
    exists: (p) => p in files || paths.some((f) => f.startsWith(`${p}/`)),
    readable: (p) => p in files && !unreadable.includes(p),
    read: (p) => (p in files && !unreadable.includes(p) ? files[p] : null),
    list: (p) => [...new Set(paths.filter((f) => f.startsWith(`${p}/`)).map((f) => f.slice(p.length + 1).split('/')[0]))],
  };
}

const H100 = {
  '/sys/bus/pci/devices/0000:00:01.0/vendor': '0x8086\n', '/sys/bus/pci/devices/0000:00:01.0/class': '0x060000\n',
  '/sys/bus/pci/devices/0000:17:00.0/vendor': '0x10de\n', '/sys/bus/pci/devices/0000:17:00.0/class': '0x030200\n',
  '/sys/bus/pci/devices/0000:17:00.0/device': '0x2330\n',
};
const DRIVER = {
  '/proc/driver/nvidia/version': 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15\n',
  '/proc/driver/nvidia/gpus/0000:17:00.0/information': 'Model: \t\t NVIDIA H100 80GB HBM3\nIRQ: 42\n',
};

describe('machine probes', () => {
  it('says "no GPU" when the PCI bus has no NVIDIA device', () => {
    const fs = fakeFs({ '/sys/bus/pci/devices/0000:00:01.0/vendor': '0x8086', '/sys/bus/pci/devices/0000:00:01.0/class': '0x030000' });
    expect(pciGpus(fs)).toEqual([]);
    expect(cudaProbe([], fs, '/ort')).toMatchObject({ available: false, reason: expect.stringMatching(/^no GPU/) });
  });

  it('says "no driver" for an NVIDIA device without the kernel driver', () => {
    const fs = fakeFs(H100);
    const gpus = pciGpus(fs);
    expect(gpus).toHaveLength(1);
    expect(gpus[0].vendor).toBe('NVIDIA');
    expect(cudaProbe(gpus, fs, '/ort')).toMatchObject({ available: false, reason: expect.stringMatching(/^no driver/) });
  });

  it('names the GPU from the driver, maps it to the catalog, and blames missing CUDA libraries of the npm package', () => {
    const fs = fakeFs({ ...H100, ...DRIVER });
    const gpus = pciGpus(fs);
    expect(gpus[0].name).toBe('NVIDIA H100 80GB HBM3');
    expect(gpus[0].catalog_id).toMatch(/^h100/);
    const probe = cudaProbe(gpus, fs, '/ort');
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/CUDA libraries are not installed/);
    expect(cudaProbe(gpus, fakeFs({ ...H100, ...DRIVER, '/ort/libonnxruntime_providers_cuda.so': '' }), '/ort').available).toBe(true);
  });

  it('reports ROCm as absent from the npm build even on an AMD GPU host', () => {
    const fs = fakeFs({ '/sys/bus/pci/devices/0000:03:00.0/vendor': '0x1002', '/sys/bus/pci/devices/0000:03:00.0/class': '0x038000' });
    const probe = rocmProbe(pciGpus(fs));
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/npm build.*1 AMD device/);
  });

  it('reads RAPL only where the energy counter is readable, and says why not otherwise', () => {
    expect(raplProbe(fakeFs({})).reason).toMatch(/no \/sys\/class\/powercap/);
    const counter = '/sys/class/powercap/intel-rapl:0/energy_uj';
    expect(raplProbe(fakeFs({ [counter]: '123' }, [counter]))).toMatchObject({ available: false, reason: expect.stringMatching(/root-only/) });
    expect(raplProbe(fakeFs({ [counter]: '123', '/sys/class/powercap/intel-rapl:0:0/energy_uj': '1' })).available).toBe(true);
  });

  it('finds nvidia-smi only on PATH', () => {
    expect(nvidiaSmiProbe({ PATH: '/usr/bin:/opt/bin' }, fakeFs({ '/opt/bin/nvidia-smi': '' })).available).toBe(true);
    expect(nvidiaSmiProbe({ PATH: '/usr/bin' }, fakeFs({ '/opt/bin/nvidia-smi': '' })).reason).toMatch(/not on PATH/);
  });
});
