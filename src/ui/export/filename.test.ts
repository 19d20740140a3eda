import { describe, expect, it } from 'vitest';
import { exportFileName } from './filename.ts';

describe('exportFileName', () => {
  it('keeps names safe for every file system', () => {
    expect(exportFileName('Latency (ms) of bert / A100', 'svg')).toBe('perfcast-latency-ms-of-bert-a100.svg');
    expect(exportFileName('../../etc/passwd', 'png')).toBe('perfcast-etc-passwd.png');
    expect(exportFileName('   ', 'html')).toBe('perfcast-chart.html');
  });
});
