/**
 * The data set a user works with: the shipped default data, plus every import batch kept in a
 * BatchStore (IndexedDB in the page) and mirrored into DuckDB. The same class runs in Node tests
 * with the native connector and an in-memory batch store.
 */
import type { BenchmarkRecord } from '../core/schema/record.ts';
import { validateRows, formatProblem } from '../core/schema/validate.ts';
import type { Connector } from './connector.ts';
import { columnsForRecords } from './export/columns.ts';
import { parseTable } from './parse/parse-table.ts';
import type { ReadRecordsResult } from './parse/read-records.ts';
import type { ImportBatch } from './persist/batch.ts';
import { deleteAndRemove, restoreAll, saveAndInsert, type RestoreReport } from './persist/persisted-import.ts';
import type { BatchStore, BatchSummary } from './persist/store.ts';
import { IMPORT_ID, RecordStore } from './store/index.ts';
import { describeTypeConflict, findTypeConflicts } from './persist/type-conflict.ts';
import { quoteIdent, quoteLiteral } from '../core/sql.ts';

export const DEFAULT_IMPORT_ID = 'default';

export class ImportRefused extends Error {}

export interface CommitResult {
  readonly importId: string;
  readonly added: number;
  readonly skippedRows: number;
}

let importCounter = 0;

function newImportId(now: Date): string {
  importCounter += 1;
  return `imp-${now.getTime().toString(36)}-${importCounter}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

export class DataLibrary {
  private constructor(
    readonly records: RecordStore,
    readonly batches: BatchStore,
  ) {}

  /** Creates the records table and restores every stored batch into it. */
  static async open(db: Connector, batches: BatchStore): Promise<{ library: DataLibrary; restore: RestoreReport }> {
    const records = new RecordStore(db);
    await records.ensureSchema();
    const library = new DataLibrary(records, batches);
    const restore = await restoreAll(batches, (batch) => library.insertBatch(batch));
    return { library, restore };
  }

  private async insertBatch(batch: ImportBatch): Promise<void> {
    await this.records.addRecords(batch.rows as unknown as BenchmarkRecord[], { importId: batch.importId });
  }

  /**
   * Loads the shipped data set (Perfcast's own measurements). It is not written to the batch
   * store: it ships with the app and is reloaded at every start. Rows keep their own source.
   */
  async loadDefault(fileName: string, bytes: Uint8Array): Promise<number> {
    const table = await parseTable(fileName, bytes);
    const result = validateRows(table.rows, { file: fileName, rowNumbers: table.rowNumbers });
    if (result.problems.length > 0) {
      throw new Error(`default data set ${fileName} is invalid: ${result.problems.slice(0, 3).map(formatProblem).join('; ')}`);
    }
    const { added } = await this.records.addRecords(result.records, { importId: DEFAULT_IMPORT_ID });
    return added;
  }

  /**
   * Stores the valid rows of a prepared import, all or nothing. With problems present the user
   * must have chosen to skip the invalid rows; nothing is ever dropped silently.
   */
  async commit(prepared: ReadRecordsResult, opts: { skipInvalid: boolean; now?: Date }): Promise<CommitResult> {
    const { validation } = prepared;
    if (validation.problems.length > 0 && !opts.skipInvalid) {
      throw new ImportRefused(`${prepared.fileName}: ${validation.invalidRows} rows have problems; choose to skip them or cancel`);
    }
    if (validation.records.length === 0) throw new ImportRefused(`${prepared.fileName}: no valid rows to import`);
    const now = opts.now ?? new Date();
    const batch: ImportBatch = {
      importId: newImportId(now),
      origin: prepared.origin,
      createdAt: now.toISOString(),
      columns: columnsForRecords(validation.records),
      rows: validation.records as unknown as ImportBatch['rows'],
      meta: { file: prepared.fileName, preset: prepared.preset?.id ?? '' },
    };
    // Read now, not at open: another tab may have stored a batch since.
    const conflicts = findTypeConflicts(batch.columns, await this.batches.list());
    if (conflicts.length > 0) throw new ImportRefused(describeTypeConflict(prepared.fileName, conflicts));
    await this.addBatch(batch);
    return { importId: batch.importId, added: validation.records.length, skippedRows: validation.invalidRows };
  }

  /** Stores a batch of valid records in the batch store and the table, both or neither. */
  addBatch(batch: ImportBatch): Promise<void> {
    return saveAndInsert(this.batches, batch, (b) => this.insertBatch(b));
  }

  listImports(): Promise<BatchSummary[]> {
    return this.batches.list();
  }

  /** Removes one import batch from storage and from the table, all or nothing. */
  async removeImport(importId: string): Promise<void> {
    await deleteAndRemove(this.batches, importId, async (id) => {
      await this.records.db.exec(`DELETE FROM ${quoteIdent(this.records.table)} WHERE ${quoteIdent(IMPORT_ID)} = ${quoteLiteral(id)}`);
    });
  }
}
