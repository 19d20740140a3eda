import { describe, expect, it } from 'vitest';
import { applyMapping, importedSource, MappingError, parseMapSpec, snakeCase, stampProvenance, suggestMapping } from './mapping.ts';
import { validateRows } from './validate.ts';

function targets(columns: string[], overrides = {}): Record<string, string | null> {
  return Object.fromEntries(suggestMapping(columns, overrides).map((m) => [m.from, m.to]));
}

describe('snakeCase', () => {
  it.each([
    ['Latency (ms)', 'latency_ms'],
    ['Batch Size', 'batch_size'],
    ['batchSize', 'batch_size'],
    ['items/s', 'items_per_s'],
    ['Latency [µs]', 'latency_us'],
    ['  GPU  ', 'gpu'],
    ['***', ''],
  ])('%s -> %s', (name, expected) => {
    expect(snakeCase(name)).toBe(expected);
  });
});

describe('suggestMapping', () => {
  it.each([
    ['Batch Size', 'batch_size'], ['batch', 'batch_size'], ['bs', 'batch_size'], ['BS', 'batch_size'],
    ['latency', 'latency_ms'], ['Latency (ms)', 'latency_ms'], ['median_ms', 'latency_ms'],
    ['gpu', 'hardware'], ['Device', 'hardware'], ['hw', 'hardware'],
    ['dtype', 'precision'], ['data_type', 'precision'],
    ['throughput', 'throughput_items_s'], ['items_per_sec', 'throughput_items_s'], ['Samples/sec', 'throughput_items_s'],
    ['mem_mb', 'memory_mb'], ['Peak Memory (MB)', 'memory_mb'],
    ['num_threads', 'threads'], ['sequence_length', 'seq_len'], ['Model Name', 'model'],
  ])('maps %s to %s', (column, field) => {
    expect(targets([column])[column]).toBe(field);
  });

  it.each([
    ['latency_s', 'latency_ms', 1000],
    ['Latency (s)', 'latency_ms', 1000],
    ['latency_us', 'latency_ms', 0.001],
    ['p90_sec', 'latency_p90_ms', 1000],
    ['memory_gb', 'memory_mb', 1000],
    ['peak_mem_GiB', 'memory_mb', 1073.741824],
    ['energy (kJ)', 'energy_j', 1000],
    ['Energy (uJ)', 'energy_j', 1e-6],
    ['load_time_s', 'load_ms', 1000],
    ['throughput_per_ms', 'throughput_items_s', 1000],
  ])('converts %s to %s x%s', (column, field, scale) => {
    const [m] = suggestMapping([column]);
    expect(m).toMatchObject({ from: column, to: field, scale, how: 'unit' });
  });

  it('lets an exact name win over an alias, and keeps the loser as an extra column', () => {
    const mapping = suggestMapping(['latency', 'latency_ms', 'Weird Col', 'notes']);
    expect(mapping).toEqual([
      { from: 'latency', to: 'latency', scale: 1, how: 'extra' },
      { from: 'latency_ms', to: 'latency_ms', scale: 1, how: 'exact' },
      { from: 'Weird Col', to: 'weird_col', scale: 1, how: 'extra' },
      { from: 'notes', to: 'notes', scale: 1, how: 'extra' },
    ]);
  });

  it('treats names of Object.prototype members as ordinary columns', () => {
    expect(targets(['constructor', 'toString', 'constructor_ms', 'hasOwnProperty'])).toEqual({
      constructor: 'constructor', toString: 'to_string', constructor_ms: 'constructor_ms', hasOwnProperty: 'has_own_property',
    });
  });

  it('never names an extra column like a field or another column', () => {
    expect(targets(['batch_size', 'Batch Size', 'x y', 'x_y'])).toEqual({
      batch_size: 'batch_size', 'Batch Size': 'batch_size_2', 'x y': 'x_y', x_y: 'x_y_2',
    });
  });

  it('applies user overrides first, with factors and dropped columns', () => {
    const overrides = parseMapSpec('t_sec=latency_ms*1000, junk=, Kind=model_family');
    expect(overrides).toEqual({ t_sec: { to: 'latency_ms', scale: 1000 }, junk: { to: null }, Kind: { to: 'model_family', scale: 1 } });
    expect(suggestMapping(['t_sec', 'latency', 'junk', 'Kind'], overrides)).toEqual([
      { from: 't_sec', to: 'latency_ms', scale: 1000, how: 'user' },
      { from: 'latency', to: 'latency', scale: 1, how: 'extra' },
      { from: 'junk', to: null, scale: 1, how: 'user' },
      { from: 'Kind', to: 'model_family', scale: 1, how: 'user' },
    ]);
  });

  it('refuses overrides that name a missing column or are malformed', () => {
    expect(() => suggestMapping(['a'], parseMapSpec('b=model'))).toThrow(/--map names column 'b', which the file does not have; its columns are: a/);
    expect(() => parseMapSpec('justaname')).toThrow(MappingError);
    expect(() => parseMapSpec('a=latency_ms*zero')).toThrow(/factor/);
    expect(() => suggestMapping(['a', 'b'], parseMapSpec('a=model,b=model'))).toThrow(/two columns to 'model'/);
  });
});

describe('provenance', () => {
  it('never lets a file raise its claim, but keeps lower claims', () => {
    expect(importedSource('measured')).toBe('imported');
    expect(importedSource('Measured')).toBe('imported');
    expect(importedSource(undefined)).toBe('imported');
    expect(importedSource('benchmark')).toBe('imported');
    expect(importedSource('SIMULATED')).toBe('simulated');
    expect(importedSource('predicted')).toBe('predicted');
  });

  it('keeps the file\'s own claims in claimed_source and claimed_origin', () => {
    expect(stampProvenance({ source: 'measured', origin: 'lab-harness' }, 'file:x.csv')).toEqual({
      source: 'imported', claimed_source: 'measured', origin: 'file:x.csv', claimed_origin: 'lab-harness',
    });
    expect(stampProvenance({ source: 'simulated' }, 'file:x.csv')).toEqual({ source: 'simulated', origin: 'file:x.csv' });
    // a re-import keeps the first claim
    expect(stampProvenance({ source: 'imported', claimed_source: 'measured', origin: 'file:x.csv' }, 'file:y.csv')).toEqual({
      source: 'imported', claimed_source: 'measured', origin: 'file:y.csv', claimed_origin: 'file:x.csv',
    });
  });
});

describe('applyMapping', () => {
  it('renames, converts units and stamps provenance, then validates', () => {
    const columns = ['Model', 'GPU', 'Batch Size', 'dtype', 'Latency (s)', 'source', 'GPU Clock'];
    const rows = [
      { Model: 'bert-base', GPU: 'fixture-gpu-a', 'Batch Size': '8', dtype: 'FP16', 'Latency (s)': '0.0123', source: 'measured', 'GPU Clock': '1410' },
      { Model: 'bert-base', GPU: 'fixture-gpu-a', 'Batch Size': '16', dtype: 'half', 'Latency (s)': 'n/a', source: '', 'GPU Clock': '' },
    ];
    const mapped = applyMapping(rows, suggestMapping(columns), { origin: 'file:results.csv' });
    expect(mapped.rows[0]).toEqual({
      model: 'bert-base', hardware: 'fixture-gpu-a', batch_size: '8', precision: 'FP16', latency_ms: 12.3,
      source: 'imported', claimed_source: 'measured', gpu_clock: '1410', origin: 'file:results.csv',
    });
    expect(mapped.rows[1].latency_ms).toBe('n/a');
    expect(mapped.columnLabels.latency_ms).toBe('Latency (s)');
    expect(mapped.columnScales).toEqual({ latency_ms: 1000 });
    const { records, problems } = validateRows(mapped.rows, { file: 'results.csv', firstDataRow: 2, columnLabels: mapped.columnLabels });
    expect(records).toEqual([
      {
        source: 'imported', origin: 'file:results.csv', model: 'bert-base', hardware: 'fixture-gpu-a', batch_size: 8,
        precision: 'fp16', latency_ms: 12.3, claimed_source: 'measured', gpu_clock: 1410,
      },
    ]);
    expect(problems.map((p) => [p.row, p.column, p.kind])).toEqual([[3, 'Latency (s)', 'wrong_type']]);
  });
});
