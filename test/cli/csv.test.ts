// The CSV of `--output csv`: a header row, then the rows, quoted where a value needs it (RFC 4180), so that a
// spreadsheet or a CSV reader gets back exactly the values printed.
import { describe, expect, it } from "vitest";
import { renderCsv } from "../../src/cli/csv.js";

describe("renderCsv", () => {
  it("prints a header row, then one line per row, each ending with a line break", () => {
    expect(
      renderCsv({
        columns: ["NAME", "SIZE"],
        rows: [
          ["test-linux", "Standard_B1ls"],
          ["test-windows", "-"],
        ],
      }),
    ).toBe("NAME,SIZE\ntest-linux,Standard_B1ls\ntest-windows,-\n");
  });

  it("quotes a value with a comma, a quote or a line break, and doubles its quotes", () => {
    expect(renderCsv({ columns: ["A", "B", "C"], rows: [["rg, north", 'say "hi"', "two\nlines"]] })).toBe(
      'A,B,C\n"rg, north","say ""hi""","two\nlines"\n',
    );
  });

  it("quotes a header with a comma too", () => {
    expect(renderCsv({ columns: ["VM, ID"], rows: [] })).toBe('"VM, ID"\n');
  });

  it("leaves the header out when asked (the pages after the first of a streamed list)", () => {
    expect(renderCsv({ columns: ["NAME"], rows: [["a"], ["b"]] }, { header: false })).toBe("a\nb\n");
  });

  it("prints nothing for no rows without a header", () => {
    expect(renderCsv({ columns: ["NAME"], rows: [] }, { header: false })).toBe("");
  });
});
