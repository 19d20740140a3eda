import { describe, expect, it } from 'vitest';
import { DataLibrary, ImportRefused } from '../../src/data/library.ts';
import { createNodeConnector } from '../../src/data/node-connector.ts';
import { readRecords } from '../../src/data/parse/read-records.ts';
import { createMemoryBatchStore } from '../../src/data/persist/store.ts';

const enc = (t: string) => new TextEncoder().encode(t);
const HEADER = 'model,hardware,batch_size,precision,latency_ms,clock';

describe('item 12: a type conflict between two tabs is found in the tab that imports', () => {
  it('the second tab refuses text in a column another tab stored as numbers, and the next start restores everything', async () => {
    const shared = createMemoryBatchStore();
    const tabA = await createNodeConnector();
    const tabB = await createNodeConnector();
    const { library: a } = await DataLibrary.open(tabA, shared);
    const { library: b } = await DataLibrary.open(tabB, shared);
    await a.commit(await readRecords('numbers.csv', enc(`${HEADER}\nm,h,1,fp32,1.5,1400\n`)), { skipInvalid: false });
    const text = await readRecords('text.csv', enc(`${HEADER}\nm,h,2,fp32,2.5,fast\n`));
    const refused = b.commit(text, { skipInvalid: false });
    await expect(refused).rejects.toThrow(ImportRefused);
    await expect(refused).rejects.toThrow(/text\.csv: column 'clock' holds text here, but numbers in the stored numbers\.csv \(imported .*\), perhaps from another tab/);
    expect((await shared.list()).map((s) => s.meta?.file)).toEqual(['numbers.csv']);
    expect((await tabB.query('SELECT count(*) AS n FROM records')).rows[0].n).toBe(0);

    const restart = await createNodeConnector();
    const { restore } = await DataLibrary.open(restart, shared);
    expect(restore.failed).toEqual([]);
    expect((await restart.query('SELECT clock FROM records')).rows).toEqual([{ clock: 1400 }]);
    await Promise.all([tabA.close(), tabB.close(), restart.close()]);
  });

  it('numbers in both tabs (integers in one, decimals in the other) are no conflict', async () => {
    const shared = createMemoryBatchStore();
    const tabA = await createNodeConnector();
    const tabB = await createNodeConnector();
    const { library: a } = await DataLibrary.open(tabA, shared);
    const { library: b } = await DataLibrary.open(tabB, shared);
    await a.commit(await readRecords('a.csv', enc(`${HEADER}\nm,h,1,fp32,1.5,1400\n`)), { skipInvalid: false });
    await expect(b.commit(await readRecords('b.csv', enc(`${HEADER}\nm,h,2,fp32,2.5,1.5\n`)), { skipInvalid: false })).resolves.toMatchObject({ added: 1 });
    await Promise.all([tabA.close(), tabB.close()]);
  });
});
