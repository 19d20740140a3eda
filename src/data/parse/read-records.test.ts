import { describe, expect, it } from 'vitest';
import type { Preset } from '../../core/presets/preset.ts';
import { readRecords } from './read-records.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readRecords', () => {
  it('parses, maps, stamps and validates, numbering problems by line', async () => {
    const csv = 'Model,hw,bs,dtype,latency_s,source\nbert-base,fixture-cpu,1,fp32,0.005,measured\n\nbert-base,fixture-cpu,x,fp32,0.006,\n';
    const read = await readRecords('dir/results.csv', text(csv));
    expect(read.mapping?.map((m) => m.to)).toEqual(['model', 'hardware', 'batch_size', 'precision', 'latency_ms', 'source']);
    expect(read.validation.records).toEqual([
      {
        source: 'imported', origin: 'file:results.csv', model: 'bert-base', hardware: 'fixture-cpu', batch_size: 1,
        precision: 'fp32', latency_ms: 5, claimed_source: 'measured',
      },
    ]);
    expect(read.validation.problems.map((p) => [p.file, p.row, p.column, p.kind])).toEqual([['dir/results.csv', 4, 'bs', 'wrong_type']]);
    expect(read.rowNote).toBe('Row numbers are lines in dir/results.csv (the header is line 1).');
  });

  it('runs a preset instead of the mapping, and still validates and stamps its rows', async () => {
    const preset: Preset = {
      id: 'test-preset',
      title: 'Test preset',
      citation: 'test fixture',
      matches: () => true,
      toRecords: (rows) => rows.map((r) => ({
        model: r.net, hardware: 'fixture-cpu', batch_size: Number(r.b), precision: 'int8', latency_ms: Number(r.ms), source: 'measured',
      })),
    };
    const read = await readRecords('t.csv', text('net,b,ms\nvww,1,2.5\nkws,0,3\n'), { preset });
    expect(read.mapping).toBeNull();
    expect(read.validation.records).toEqual([
      { source: 'imported', origin: 'preset:test-preset', model: 'vww', hardware: 'fixture-cpu', batch_size: 1, precision: 'int8', latency_ms: 2.5, claimed_source: 'measured' },
    ]);
    expect(read.validation.problems.map((p) => [p.row, p.column, p.kind])).toEqual([[2, 'batch_size', 'not_positive']]);
    expect(read.rowNote).toMatch(/order the preset produced them/);
  });
});
