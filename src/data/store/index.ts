export { RecordStore, RecordStoreError, sanitizeColumnName, IMPORT_ID, type AddRecordsResult, type SourceOriginCount } from './record-store.ts';
