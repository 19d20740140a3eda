export * from './state.ts';
export { encodeState, decodeState, isDefaultState, describeValue, KEYS, type DecodeOptions, type DecodeResult, type EncodeOptions } from './codec.ts';
export { columnCountsSql, nonEmptyColumns, datasetHash, datasetHashFromSummary, datasetSummarySql, fnv1a64, DATASET_HASH_LENGTH, HASHED_SOURCES, type ColumnType } from './hash.ts';
export { filtersToSql, filtersToWhere } from './sql.ts';
