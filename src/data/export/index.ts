export { toCsv } from './csv.ts';
export { toParquet, parquetTypeOf } from './parquet.ts';
export { columnsForRecords, fieldDuckType, RECORD_COLUMNS } from './columns.ts';
