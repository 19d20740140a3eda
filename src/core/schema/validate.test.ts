import { describe, expect, it } from 'vitest';
import { formatProblem, summarizeProblems, validateRows, type Problem } from './validate.ts';
import { normalizeMode, normalizePlatform, normalizePrecision, normalizeTimestamp } from './normalize.ts';

const base = {
  source: 'simulated', origin: 'test-fixture', model: 'bert-base', hardware: 'fixture-cpu', batch_size: '8',
  precision: 'fp32', latency_ms: '12.5',
};

function only(problems: Problem[]): Pick<Problem, 'row' | 'column' | 'kind'> {
  expect(problems).toHaveLength(1);
  const { row, column, kind } = problems[0];
  return { row, column, kind };
}

describe('validateRows', () => {
  it('coerces numeric strings from CSV and keeps only non-null values', () => {
    const { records, problems, recordRows } = validateRows([{ ...base, threads: ' 4 ', seq_len: '', power_w: '1e2' }]);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { source: 'simulated', origin: 'test-fixture', model: 'bert-base', hardware: 'fixture-cpu', threads: 4, batch_size: 8, precision: 'fp32', latency_ms: 12.5, power_w: 100 },
    ]);
    expect(recordRows).toEqual([1]);
  });

  it.each([
    ['model', 'missing'],
    ['hardware', 'missing'],
    ['batch_size', 'missing'],
    ['precision', 'missing'],
    ['source', 'missing'],
    ['origin', 'missing'],
  ])('reports a missing required %s', (field, kind) => {
    const row: Record<string, unknown> = { ...base };
    delete row[field];
    const withEmpty: Record<string, unknown> = { ...base, [field]: '  ' };
    const result = validateRows([row, withEmpty], { file: 'f.csv', firstDataRow: 2 });
    expect(result.problems.map((p) => [p.row, p.column, p.kind])).toEqual([[2, field, kind], [3, field, kind]]);
    expect(result.problems[0].message).toBe(`required column ${field} is missing`);
    expect(result.problems[1].message).toBe('required value is empty');
    expect(result.records).toEqual([]);
  });

  it('requires at least one metric', () => {
    const { latency_ms: _ignored, ...noMetric } = base;
    const result = validateRows([noMetric, { ...noMetric, memory_mb: '900' }]);
    expect(only(result.problems)).toEqual({ row: 1, column: '', kind: 'no_metric' });
    expect(result.records).toHaveLength(1);
  });

  it('reports a wrong type, naming the value', () => {
    const result = validateRows([{ ...base, latency_ms: 'abc' }], { file: 'r.csv', firstDataRow: 2 });
    expect(only(result.problems)).toEqual({ row: 2, column: 'latency_ms', kind: 'wrong_type' });
    expect(formatProblem(result.problems[0])).toBe('r.csv:2: column latency_ms: expected a number, got "abc"');
    // a bad metric is not also reported as "no metric"
    expect(result.problems.some((p) => p.kind === 'no_metric')).toBe(false);
  });

  it('refuses thousands separators, hex and booleans as numbers', () => {
    for (const value of ['1,200', '0x10', true, [1], { v: 1 }]) {
      expect(only(validateRows([{ ...base, latency_ms: value }]).problems).kind).toBe('wrong_type');
    }
  });

  it.each([
    ['NaN', 'not_finite'],
    ['inf', 'not_finite'],
    ['-Infinity', 'not_finite'],
    [Number.NaN, 'not_finite'],
    [Number.POSITIVE_INFINITY, 'not_finite'],
    ['-0.5', 'negative'],
    [-3, 'negative'],
  ])('reports metric %s as %s', (value, kind) => {
    const result = validateRows([base, { ...base, batch_size: 2, latency_ms: value }]);
    expect(only(result.problems)).toEqual({ row: 2, column: 'latency_ms', kind });
  });

  it('checks integers and positive counts', () => {
    const result = validateRows([
      { ...base, batch_size: '2.5' },
      { ...base, batch_size: '0' },
      { ...base, batch_size: '8.0' },
      { ...base, batch_size: 16, threads: -1 },
      { ...base, batch_size: 32, runs: 0 },
    ]);
    expect(result.problems.map((p) => [p.row, p.column, p.kind])).toEqual([
      [1, 'batch_size', 'not_integer'],
      [2, 'batch_size', 'not_positive'],
      [4, 'threads', 'not_positive'],
    ]);
    expect(result.records.map((r) => r.batch_size)).toEqual([8, 32]);
  });

  it('normalizes precision, platform and mode aliases and reports unknown ones', () => {
    const result = validateRows([
      { ...base, batch_size: 1, precision: 'FP32', platform: 'CUDAExecutionProvider', mode: 'Infer' },
      { ...base, batch_size: 2, precision: 'float16', platform: 'WebGPU' },
      { ...base, batch_size: 3, precision: 'fp12' },
      { ...base, batch_size: 4, platform: 'gpu' },
      { ...base, batch_size: 5, source: 'benchmarked' },
    ]);
    expect(result.records.map((r) => [r.precision, r.platform, r.mode])).toEqual([
      ['fp32', 'cuda', 'inference'],
      ['fp16', 'webgpu', undefined],
    ]);
    expect(result.problems.map((p) => [p.row, p.column, p.kind])).toEqual([
      [3, 'precision', 'unknown_value'],
      [4, 'platform', 'unknown_value'],
      [5, 'source', 'unknown_value'],
    ]);
    expect(result.problems[0].message).toBe('unknown precision "fp12"; expected one of fp32, fp16, bf16, fp8, int8, int4');
    expect(result.problems[1].message).toMatch(/'gpu' does not say which backend: use cuda, rocm or mps/);
    const odd = validateRows([{ ...base, precision: 'constructor' }, { ...base, batch_size: 9, precision: 'gpu' }]);
    expect(odd.problems.map((p) => p.message)).toEqual([
      'unknown precision "constructor"; expected one of fp32, fp16, bf16, fp8, int8, int4',
      'unknown precision "gpu"; expected one of fp32, fp16, bf16, fp8, int8, int4',
    ]);
  });

  it('reports a duplicate configuration with the row it repeats', () => {
    const result = validateRows(
      [
        { ...base, batch_size: 1 },
        { ...base, batch_size: 2 },
        { ...base, batch_size: '1', precision: 'FP32', latency_ms: 99 },
        { ...base, batch_size: 1, run_id: 'second-run' },
      ],
      { file: 'dups.csv', rowNumbers: [4, 6, 9, 10] },
    );
    expect(only(result.problems)).toEqual({ row: 9, column: '', kind: 'duplicate' });
    expect(formatProblem(result.problems[0])).toBe(
      'dups.csv:9: duplicate configuration: same source, origin, model, hardware, batch_size, precision as row 4',
    );
    expect(result.recordRows).toEqual([4, 6, 10]);
  });

  it('normalizes timestamps to UTC ISO and refuses impossible dates', () => {
    const result = validateRows([
      { ...base, batch_size: 1, measured_at: '2025-01-31 12:00' },
      { ...base, batch_size: 2, measured_at: '2025-01-31T12:00:00+02:00' },
      { ...base, batch_size: 3, measured_at: '2025-02-30' },
      { ...base, batch_size: 4, measured_at: 1738324800000 },
    ]);
    expect(result.records.map((r) => r.measured_at)).toEqual(['2025-01-31T12:00:00.000Z', '2025-01-31T10:00:00.000Z']);
    expect(result.problems.map((p) => [p.row, p.column, p.kind])).toEqual([
      [3, 'measured_at', 'wrong_type'],
      [4, 'measured_at', 'wrong_type'],
    ]);
  });

  it('keeps extra columns, as numbers where every value is numeric and as text otherwise', () => {
    const result = validateRows([
      { ...base, batch_size: 1, clock_mhz: '1410', gpu_arch: 'sm80', flag: true, shape: [1, 128] },
      { ...base, batch_size: 2, clock_mhz: '', gpu_arch: '86', flag: false },
      { ...base, batch_size: 3, clock_mhz: 1590.5, gpu_arch: null },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.records.map(({ clock_mhz, gpu_arch, flag, shape }) => ({ clock_mhz, gpu_arch, flag, shape }))).toEqual([
      { clock_mhz: 1410, gpu_arch: 'sm80', flag: 'true', shape: '[1,128]' },
      { clock_mhz: undefined, gpu_arch: '86', flag: 'false', shape: undefined },
      { clock_mhz: 1590.5, gpu_arch: undefined, flag: undefined, shape: undefined },
    ]);
  });

  it('keeps a JSON key named __proto__ as an ordinary extra column', () => {
    const [row] = JSON.parse(`[${JSON.stringify(base).slice(0, -1)},"__proto__":"x"}]`) as Record<string, unknown>[];
    const { records } = validateRows([row]);
    expect(Object.getPrototypeOf(records[0])).toBe(Object.prototype);
    expect(Object.keys(records[0])).toContain('__proto__');
  });

  it('does not read inherited members as values of a column named constructor', () => {
    const { records } = validateRows([{ ...base, batch_size: 1, constructor: 'x' }, { ...base, batch_size: 2 }]);
    expect(records[0].constructor).toBe('x');
    expect(Object.hasOwn(records[1], 'constructor')).toBe(false);
  });

  it('types extra columns from the valid rows only', () => {
    const result = validateRows([
      { ...base, batch_size: 1, tag: '7' },
      { ...base, batch_size: 'x', tag: 'not numeric, but the row is invalid' },
    ]);
    expect(result.records[0].tag).toBe(7);
  });

  it('names the user\'s column through columnLabels', () => {
    const result = validateRows([{ ...base, latency_ms: 'slow' }], { file: 'in.csv', columnLabels: { latency_ms: 'Latency (s)' } });
    expect(formatProblem(result.problems[0])).toBe('in.csv:1: column Latency (s): expected a number, got "slow"');
    expect(result.problems[0].field).toBe('latency_ms');
  });

  it('summarizes problems by kind', () => {
    const result = validateRows([{ ...base, latency_ms: 'x' }, { ...base, batch_size: 0 }, { ...base, batch_size: 9, latency_ms: 'y' }]);
    expect(summarizeProblems(result.problems)).toBe('2 wrong type, 1 not positive');
    expect(result.invalidRows).toBe(3);
  });

  it('handles 100k rows', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ ...base, batch_size: String(i + 1), extra: String(i % 7) }));
    const result = validateRows(rows);
    expect(result.problems).toEqual([]);
    expect(result.records).toHaveLength(100_000);
    expect(result.records[99_999].extra).toBe(99_999 % 7);
  });
});

describe('aliases', () => {
  it.each([
    ['float32', 'fp32'], ['FP32', 'fp32'], ['32', 'fp32'], ['f32', 'fp32'],
    ['float16', 'fp16'], ['half', 'fp16'], ['FP-16', 'fp16'],
    ['bfloat16', 'bf16'], ['BF16', 'bf16'],
    ['float8_e4m3', 'fp8'], ['e5m2', 'fp8'],
    ['int8', 'int8'], ['INT8', 'int8'], ['qint8', 'int8'], ['uint8', 'int8'],
    ['int4', 'int4'], ['q4', 'int4'],
  ])('precision %s -> %s', (text, expected) => {
    expect(normalizePrecision(text)).toBe(expected);
  });

  it.each(['fp12', 'mixed', 'mxfp4', 'tf32', ''])('precision %s is unknown', (text) => {
    expect(normalizePrecision(text)).toBeUndefined();
  });

  it.each([
    ['CPU', 'cpu'], ['x86_64', 'cpu'], ['CUDA', 'cuda'], ['TensorrtExecutionProvider', 'cuda'], ['ROCm', 'rocm'],
    ['Metal', 'mps'], ['OpenVINOExecutionProvider', 'openvino'], ['WebAssembly', 'wasm'], ['webgpu', 'webgpu'],
    ['WebNN', 'webnn'], ['microcontroller', 'mcu'],
  ])('platform %s -> %s', (text, expected) => {
    expect(normalizePlatform(text)).toBe(expected);
  });

  it.each(['gpu', 'nvidia', 'apple', 'coreml'])('platform %s is not guessed', (text) => {
    expect(normalizePlatform(text)).toBeUndefined();
  });

  it('modes and timestamps', () => {
    expect(normalizeMode('TRAIN')).toBe('training');
    expect(normalizeMode('eval')).toBe('inference');
    expect(normalizeTimestamp('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
    expect(normalizeTimestamp('2024-05-01T10:11:12.123456Z')).toBe('2024-05-01T10:11:12.123Z');
    expect(normalizeTimestamp('yesterday')).toBeUndefined();
  });
});
