export { parseTable, detectFormat, TableParseError, type ParsedTable, type ParseOptions, type TableFormat } from './parse-table.ts';
export { readRecords, baseName, type ReadRecordsOptions, type ReadRecordsResult } from './read-records.ts';
