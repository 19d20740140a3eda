/** Facts about the Node host: CPU model, a hardware id, memory, and the peak-RSS meter. */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch { /* not Linux */ }
  return os.cpus()[0]?.model.trim() || 'unknown cpu';
}

/** A stable id for this host's CPU: the catalog matches on it, people can read it. */
export function hardwareId(model = cpuModel()): string {
  return model.toLowerCase().replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown-cpu';
}

/**
 * Peak resident memory. Linux keeps a high-water mark (VmHWM) that writing 5 to
 * /proc/self/clear_refs resets, so each measurement sees its own peak; elsewhere we sample RSS.
 */
export class PeakRss {
  private sampled = 0;
  private readonly hwmAvailable: boolean;

  constructor() {
    this.hwmAvailable = PeakRss.reset();
    this.sample();
  }

  private static reset(): boolean {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      return PeakRss.readHwm() !== null;
    } catch {
      return false;
    }
  }

  private static readHwm(): number | null {
    try {
      const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
      const kb = line ? Number(line.replace(/[^0-9]/g, '')) : Number.NaN;
      return Number.isFinite(kb) ? kb * 1024 : null;
    } catch {
      return null;
    }
  }

  sample(): void {
    this.sampled = Math.max(this.sampled, process.memoryUsage.rss());
  }

  /** Peak bytes since construction and what kind of figure it is. */
  read(): { bytes: number; kind: 'rss-peak' | 'rss-sampled' } {
    this.sample();
    const hwm = this.hwmAvailable ? PeakRss.readHwm() : null;
    return hwm !== null ? { bytes: Math.max(hwm, this.sampled), kind: 'rss-peak' } : { bytes: this.sampled, kind: 'rss-sampled' };
  }
}

export function hostFacts() {
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg(),
  };
}
