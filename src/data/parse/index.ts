export { parseTable, detectFormat, TableParseError, type ParsedTable, type ParseOptions, type TableFormat } from './parse-table.ts';
