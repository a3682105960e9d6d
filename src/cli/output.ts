// What commands print: records as a table for people or as JSON / NDJSON / CSV for scripts on stdout, and
// progress lines on stderr that only a terminal sees.
import { renderCsv } from "./csv.js";
import { type Io, writeLine } from "./io.js";
import { renderTable } from "./table.js";

/** The output formats of commands that print records. */
export type OutputFormat = "table" | "json" | "ndjson" | "csv";

/**
 * Prints records in `format`: a table or CSV (with `columns`, a row per record from `toRow`; CSV's header row only
 * when `header` is not false), a JSON array, or one JSON document a line.
 *
 * @example
 * ```ts
 * printRecords(io, "table", sessions, ["ID", "STATUS"], (s) => [s.id, s.status]);
 * ```
 */
export function printRecords<T>(
  io: Io,
  format: OutputFormat,
  records: T[],
  columns: string[],
  toRow: (record: T) => string[],
  { header = true } = {},
): void {
  if (format === "json") writeLine(io.stdout, JSON.stringify(records, null, 2));
  else if (format === "ndjson") for (const record of records) writeLine(io.stdout, JSON.stringify(record));
  else if (format === "csv") io.stdout.write(renderCsv({ columns, rows: records.map(toRow) }, { header }));
  else io.stdout.write(renderTable(columns, records.map(toRow)));
}

/**
 * A progress line on stderr that rewrites itself, shown only when stderr is a terminal (logs and pipes never
 * see it).
 *
 * @example
 * ```ts
 * const line = progressLine(io);
 * line.show("Fetched 300 snapshots");
 * line.clear();
 * ```
 */
export function progressLine(io: Io): { show(text: string): void; clear(): void } {
  const on = io.stderr.isTTY === true;
  return {
    show: (text) => {
      if (on) io.stderr.write(`\r\x1b[2K${text}`);
    },
    clear: () => {
      if (on) io.stderr.write("\r\x1b[2K");
    },
  };
}
