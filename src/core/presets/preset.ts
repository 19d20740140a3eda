/**
 * An import preset maps one public data set's layout into benchmark records. Its output still
 * goes through the ordinary validator, so a preset cannot smuggle in bad rows.
 */
export interface Preset {
  readonly id: string;
  readonly title: string;
  /** Where the data comes from (repository, licence), shown to the user and written to `origin`. */
  readonly citation: string;
  /** True when a parsed file looks like this preset's layout (used to suggest it in the UI). */
  matches(fileName: string, columns: readonly string[]): boolean;
  /** Raw parsed rows to record-shaped rows (source = imported, origin set). */
  toRecords(rows: readonly Record<string, unknown>[], fileName: string): Record<string, unknown>[];
}
