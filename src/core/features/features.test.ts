import { describe, expect, it } from 'vitest';
import { isExcludedColumn, selectFeatureColumns } from './columns.ts';
import { fitFeatures, buildMatrix, rowFacts, targetKind } from './extract.ts';
import { hardwareNumbers, rooflineEstimate } from './roofline.ts';

describe('feature columns', () => {
  it('uses columns present in both tables and never metrics, provenance or earlier predictions', () => {
    const train = [
      { model: 'a', hardware: 'x', batch_size: 1, precision: 'fp32', latency_ms: 2, throughput_items_s: 500, source: 'imported', run_id: 'r1', my_knob: 3, energy_per_request_j: 9, pred_latency_ms: 1, only_train: 1 },
      { model: 'b', hardware: 'y', batch_size: 2, precision: 'fp16', latency_ms: 3, throughput_items_s: 600, source: 'imported', run_id: 'r2', my_knob: 4, energy_per_request_j: 8, pred_latency_ms: 1, only_train: 2 },
    ];
    const query = ['model', 'hardware', 'batch_size', 'precision', 'my_knob', 'throughput_items_s', 'energy_per_request_j', 'pred_latency_ms'];
    const names = selectFeatureColumns(train, ['latency_ms'], query).map((c) => `${c.name}:${c.kind}`);
    expect(names).toEqual(['model:categorical', 'hardware:categorical', 'batch_size:numeric', 'precision:categorical', 'my_knob:numeric']);
    expect(isExcludedColumn('hw_tdp_w', ['latency_ms'])).toBe(false);
    expect(isExcludedColumn('avg_batch_size', ['latency_ms'])).toBe(true);
  });

  it('knows time from rate targets', () => {
    expect(targetKind('latency_ms')).toBe('time');
    expect(targetKind('throughput_items_s')).toBe('rate');
    expect(targetKind('memory_mb')).toBe('other');
  });
});

describe('roofline', () => {
  it('takes hardware numbers from hw_* columns first, then the catalog', () => {
    const own = hardwareNumbers({ hardware: 'my-npu', precision: 'fp16', hw_peak_tflops_fp16: 100, hw_mem_bw_gbs: 1000 });
    expect(own.peakTflops).toBe(100);
    expect(own.memBwGbs).toBe(1000);
    const catalog = hardwareNumbers({ hardware: 'a100-sxm4-80gb', precision: 'fp16' });
    expect(catalog.peakTflops).toBeGreaterThan(100);
    expect(catalog.memBwGbs).toBeGreaterThan(1000);
  });

  it('is max(compute, memory) time', () => {
    const row = { hardware: 'npu', precision: 'fp32', batch_size: 4, gflops_per_item: 10, params_m: 100, hw_peak_tflops_fp32: 10, hw_mem_bw_gbs: 100 };
    const r = rooflineEstimate(row, hardwareNumbers(row));
    expect(r.computeMs).toBeCloseTo(4, 6); // 40 GFLOP at 10 TFLOP/s
    expect(r.memoryMs).toBeCloseTo(4, 6); // 400 MB at 100 GB/s
    expect(r.ms).toBeCloseTo(4, 6);
  });
});

describe('fitted features', () => {
  const rows = ['x', 'y', 'z'].flatMap((hardware, h) => ['a', 'b', 'c', 'd'].map((model, m) => ({
    model, hardware, batch_size: 1, precision: 'fp32', params_m: 10 * (m + 1), latency_ms: (m + 1) * (h + 1),
  })));

  it("encodes a model's cost on other hardware as its profile, never its own target", () => {
    const { features, matrix } = fitFeatures(rows, rows.map((r) => r.latency_ms), { target: 'latency_ms', noveltyDropout: 0 });
    expect(features.settingColumns).toEqual(['hardware', 'batch_size', 'precision']);
    expect(features.columns.map((c) => c.name)).toContain('params_m');
    const profiles = features.names.map((n, j) => (n.startsWith('profile_') && n !== 'profile_relative' ? matrix[j] : null)).filter((c) => c !== null);
    expect(profiles.length).toBe(3);
    rows.forEach((r, i) => {
      for (const col of profiles) expect(col![i]).not.toBeCloseTo(Math.log(r.latency_ms), 9);
    });
    const query = [{ model: 'a', hardware: 'new', batch_size: 1, precision: 'fp32', params_m: 10 }];
    const q = buildMatrix(features, query, query.map((r) => rowFacts(features, r)));
    const known = profiles.length;
    expect(q.filter((col, j) => features.names[j].startsWith('profile_') && !Number.isNaN(col[0])).length).toBe(known + 1);
  });
});
