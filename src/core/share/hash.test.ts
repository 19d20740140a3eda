import { describe, expect, it } from 'vitest';
import { DATASET_HASH_LENGTH, datasetHash, fnv1a64 } from './hash.ts';

describe('datasetHash', () => {
  const columns = ['run_id', 'model', 'latency_ms'];
  const rows = [
    { run_id: 'r1', model: 'bert', latency_ms: 1.5 },
    { run_id: 'r2', model: 'vit', latency_ms: null },
  ];

  it('is a fixed-length hex string that ignores row order', () => {
    const h = datasetHash(rows, columns);
    expect(h).toMatch(new RegExp(`^[0-9a-f]{${DATASET_HASH_LENGTH}}$`));
    expect(datasetHash([...rows].reverse(), columns)).toBe(h);
  });

  it('changes when any value, row or column changes', () => {
    const h = datasetHash(rows, columns);
    expect(datasetHash([{ ...rows[0], latency_ms: 1.6 }, rows[1]], columns)).not.toBe(h);
    expect(datasetHash(rows.slice(1), columns)).not.toBe(h);
    expect(datasetHash([...rows, rows[0]], columns)).not.toBe(h);
    expect(datasetHash(rows, ['run_id', 'model'])).not.toBe(h);
    expect(datasetHash([{ ...rows[1], latency_ms: undefined }, rows[0]], columns)).toBe(h);
  });

  it('uses a fixed, documented hash (FNV-1a, two lanes)', () => {
    expect(fnv1a64('')).toBe('811c9dc5cbf29ce4');
    expect(fnv1a64('a')).not.toBe(fnv1a64('b'));
    expect(fnv1a64('\u0100')).not.toBe(fnv1a64('\u0001'));
  });
});
