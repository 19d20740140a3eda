export { RecordStore, RecordStoreError, sanitizeColumnName, IMPORT_ID, type AddRecordsResult, type SourceOriginCount } from './record-store.ts';
export { filterSql, whereSql, type Filter, type Comparison } from './sql-filter.ts';
