import { describe, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { DataLibrary, ImportRefused } from './library.ts';
import { readRecords } from './parse/read-records.ts';
import { createNodeConnector } from './node-connector.ts';
import { createMemoryBatchStore } from './persist/store.ts';

const encode = (text: string) => new TextEncoder().encode(text);

const GOOD = `model,hardware,batch,dtype,latency (ms),notes
bert-base,a100,1,fp16,2.5,first
bert-base,a100,8,fp16,6.25,
resnet-50,t4,32,int8,11,quantized
`;

const MIXED = `model,hardware,batch_size,precision,latency_ms
vit-b16,a100,1,fp32,3.5
vit-b16,a100,2,fp64,4.0
vit-b16,a100,-4,fp32,5.0
`;

async function table(db: Connector): Promise<unknown[]> {
  const r = await db.query('SELECT model, hardware, batch_size, precision, latency_ms, source, origin, notes FROM records ORDER BY model, batch_size');
  return r.rows.map((row) => ({ ...row }));
}

describe('DataLibrary', () => {
  it('imports a CSV with mapped columns, stamps provenance, and restores it after a reload', async () => {
    const batches = createMemoryBatchStore();
    const db = await createNodeConnector();
    const { library } = await DataLibrary.open(db, batches);
    const prepared = await readRecords('runs.csv', encode(GOOD));
    expect(prepared.validation.problems).toEqual([]);
    const result = await library.commit(prepared, { skipInvalid: false });
    expect(result.added).toBe(3);
    const before = await table(db);
    expect(before[0]).toMatchObject({ model: 'bert-base', batch_size: 1, precision: 'fp16', latency_ms: 2.5, source: 'imported', origin: 'file:runs.csv', notes: 'first' });

    const reloaded = await createNodeConnector();
    const { restore } = await DataLibrary.open(reloaded, batches);
    expect(restore.failed).toEqual([]);
    expect(await table(reloaded)).toEqual(before);
    await db.close();
    await reloaded.close();
  });

  it('refuses rows with problems unless the user chose to skip them, and then stores only the valid ones', async () => {
    const db = await createNodeConnector();
    const { library } = await DataLibrary.open(db, createMemoryBatchStore());
    const prepared = await readRecords('mixed.csv', encode(MIXED));
    expect(prepared.validation.problems.map((p) => [p.row, p.column])).toEqual([[3, 'precision'], [4, 'batch_size']]);
    await expect(library.commit(prepared, { skipInvalid: false })).rejects.toBeInstanceOf(ImportRefused);
    expect((await db.query('SELECT count(*) AS n FROM records')).rows[0].n).toBe(0);
    const result = await library.commit(prepared, { skipInvalid: true });
    expect(result).toMatchObject({ added: 1, skippedRows: 2 });
    await db.close();
  });

  it('leaves stored data and the batch store as they were when the insert fails half way', async () => {
    const batches = createMemoryBatchStore();
    const db = await createNodeConnector();
    const { library } = await DataLibrary.open(db, batches);
    await library.commit(await readRecords('runs.csv', encode(GOOD)), { skipInvalid: false });
    const before = await table(db);
    const storedBefore = await batches.list();

    let failNextInsert = true;
    const flaky: Connector = {
      ...db,
      kind: db.kind,
      query: (sql) => db.query(sql),
      insertRows: (t, c, r) => db.insertRows(t, c, r),
      close: () => db.close(),
      exec: async (sql) => {
        if (failNextInsert && /^INSERT INTO "records"/.test(sql)) {
          failNextInsert = false;
          throw new Error('disk full (simulated failure)');
        }
        return db.exec(sql);
      },
    };
    const { library: flakyLibrary } = await DataLibrary.open(flaky, createMemoryBatchStore());
    const flakyBatches = flakyLibrary.batches;
    await expect(flakyLibrary.commit(await readRecords('more.csv', encode(MIXED.replace(/fp64/, 'fp32').replace('-4', '4'))), { skipInvalid: false }))
      .rejects.toThrow(/disk full/);
    expect(await table(db)).toEqual(before);
    expect(await flakyBatches.list()).toEqual([]);
    expect(await batches.list()).toEqual(storedBefore);
    await db.close();
  });

  it('removes one import and keeps the others', async () => {
    const db = await createNodeConnector();
    const { library } = await DataLibrary.open(db, createMemoryBatchStore());
    const a = await library.commit(await readRecords('a.csv', encode(GOOD)), { skipInvalid: false });
    await library.commit(await readRecords('b.csv', encode(MIXED)), { skipInvalid: true });
    await library.removeImport(a.importId);
    const rows = (await db.query('SELECT origin, count(*) AS n FROM records GROUP BY origin')).rows;
    expect(rows).toEqual([{ origin: 'file:b.csv', n: 1 }]);
    expect((await library.listImports()).map((b) => b.origin)).toEqual(['file:b.csv']);
    await db.close();
  });
});
