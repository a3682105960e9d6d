// CSV for spreadsheets and scripts (`--output csv`), with csv-stringify doing the quoting (commas, quotes, line
// breaks inside a value) rather than hand-made escaping. Every command that prints records as CSV goes through
// here, with the same columns its table shows.
import { stringify } from "csv-stringify/sync";

/** Records as CSV takes them: a header and rows of cells, each row as long as the header. */
export interface CsvRecords {
  /** The header row, such as a table's column names. */
  columns: string[];
  rows: string[][];
}

/**
 * Renders `rows` as CSV (RFC 4180 quoting, `\n` line ends), under a header row of `columns` unless `header` is
 * false (for the pages after the first of a list streamed page by page).
 *
 * @example
 * ```ts
 * renderCsv({ columns: ["NAME", "SIZE"], rows: [["test, linux", "Standard_B1ls"]] });
 * // 'NAME,SIZE\n"test, linux",Standard_B1ls\n'
 * ```
 * @default header true
 */
export function renderCsv({ columns, rows }: CsvRecords, { header = true } = {}): string {
  return stringify(header ? [columns, ...rows] : rows, { eof: true, record_delimiter: "unix" });
}
