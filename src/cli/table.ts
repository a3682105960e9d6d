// Tables for people (cli-table3), in the borderless style of `kubectl get` and `gh`: a header of capitals, columns
// padded apart, one record a line, easy to read and to grep. No colour, so output is the same on any terminal.
import Table from "cli-table3";

const borderless = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};

/** A missing value, shown as "-". */
export const show = (value: string | number | null | undefined) =>
  value === undefined || value === null || value === "" ? "-" : String(value);

/**
 * Renders rows under a header as aligned columns (no trailing spaces), ending with a line break.
 *
 * @example
 * ```ts
 * renderTable(["NAME", "SIZE"], [["test-linux", "Standard_B1ls"]]);
 * // "NAME        SIZE\ntest-linux  Standard_B1ls\n"
 * ```
 */
export function renderTable(head: string[] | undefined, rows: string[][]): string {
  const table = new Table({
    chars: borderless,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
    ...(head ? { head } : {}),
  });
  table.push(...rows);
  return `${table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")}\n`;
}
