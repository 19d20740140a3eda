import { describe, expect, it } from 'vitest';
import { buildQueryGrid, GridError, parseIntegerList, withCatalogFacts } from './query-grid.ts';
import { MODEL_SPECS } from '../catalog/models/index.ts';

describe('parseIntegerList', () => {
  it('reads lists and power-of-two ranges, sorted and without repeats', () => {
    expect(parseIntegerList('8, 1 2,2', 'batch')).toEqual([1, 2, 8]);
    expect(parseIntegerList('1-32', 'batch')).toEqual([1, 2, 4, 8, 16, 32]);
    expect(parseIntegerList('3-10', 'batch')).toEqual([3, 6, 10]);
  });
  it('names the list and the bad entry', () => {
    expect(() => parseIntegerList('1, x', 'batch sizes')).toThrow("batch sizes: 'x' is not a positive integer");
    expect(() => parseIntegerList('0', 'batch sizes')).toThrow(GridError);
    expect(() => parseIntegerList('8-2', 'batch sizes')).toThrow(/range/);
  });
});

describe('buildQueryGrid', () => {
  it('crosses hardware, precision, sequence and batch, with catalog facts on every row', () => {
    const rows = buildQueryGrid({ model: 'bert-base-uncased', hardware: ['t4', { name: 'mine', hw_mem_bw_gbs: 500 }], batches: [1, 8], seqs: [128, 256], precisions: ['fp16'] });
    expect(rows).toHaveLength(2 * 2 * 2);
    const bert = MODEL_SPECS.find((m) => m.id === 'bert-base-uncased')!;
    expect(rows[0]).toMatchObject({ model: 'bert-base-uncased', hardware: 't4', batch_size: 1, seq_len: 128, precision: 'fp16', model_family: bert.family });
    expect(rows[0].gflops_per_item).toBeCloseTo(bert.flops(1, 128) / 1e9, 9);
    expect(rows[2].gflops_per_item).toBeCloseTo(bert.flops(1, 256) / 1e9, 9);
    expect(rows[0].hw_mem_bw_gbs).toBeGreaterThan(0);
    expect(rows[4]).toMatchObject({ hardware: 'mine', hw_mem_bw_gbs: 500 });
    expect(rows[4].hw_peak_tflops_fp16).toBeUndefined();
  });
  it('uses a custom model as given and leaves out the sequence axis when none is asked', () => {
    const rows = buildQueryGrid({ model: { name: 'm', params_m: 5, gflops_per_item: 2 }, hardware: ['t4'], batches: [4], seqs: [], precisions: ['int8'] });
    expect(rows).toEqual([expect.objectContaining({ model: 'm', params_m: 5, gflops_per_item: 2, batch_size: 4 })]);
    expect(rows[0]).not.toHaveProperty('seq_len');
  });
  it('refuses empty choices and oversized grids', () => {
    expect(() => buildQueryGrid({ model: 'x', hardware: [], batches: [1], seqs: [], precisions: ['fp32'] })).toThrow(/hardware/);
    expect(() => buildQueryGrid({ model: 'x', hardware: ['t4'], batches: Array.from({ length: 100 }, (_, i) => i + 1), seqs: Array.from({ length: 60 }, (_, i) => i + 1), precisions: ['fp32'] }))
      .toThrow(/limit is 5000/);
  });
});

describe('withCatalogFacts', () => {
  it('fills what the row lacks and keeps what it has', () => {
    const filled = withCatalogFacts({ model: 'resnet-50', hardware: 'a100-sxm4-80gb', batch_size: 1, params_m: 1 });
    expect(filled.params_m).toBe(1);
    expect(Number(filled.gflops_per_item)).toBeGreaterThan(7);
    expect(Number(filled.hw_mem_bw_gbs)).toBeGreaterThan(1000);
  });
  it('leaves unknown models and hardware alone', () => {
    expect(withCatalogFacts({ model: 'nb201-5', hardware: 'pixel9000' })).toEqual({ model: 'nb201-5', hardware: 'pixel9000' });
  });
});
