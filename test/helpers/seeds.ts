// Reads the seed pages (test/fixtures/seeds/): their property tables and their example response bodies.
import { readFileSync } from "node:fs";

/** One row of a seed page's property table. */
export interface SeedProperty {
  name: string;
  type: string;
  description: string;
}

/** What a seed page says. */
export interface SeedPage {
  /** The whole page. */
  text: string;
  /** The property tables, in the order the page lists them. */
  tables: SeedProperty[][];
  /** The example response body exactly as printed. */
  rawExample: string;
  /** The example response body, parsed after removing trailing commas (the list page has one). */
  example: unknown;
}

export const seedFiles = {
  list: "list-virtual-machine-snapshots.txt",
  delete: "delete-virtual-machine-snapshots.txt",
} as const;

const row = /^([\w.]+) \|([^|]*)\|([^|]*)\|$/;

/** Parses one seed page. */
export function readSeed(page: keyof typeof seedFiles): SeedPage {
  const text = readFileSync(new URL(`../fixtures/seeds/${seedFiles[page]}`, import.meta.url), "utf8");
  const tables: SeedProperty[][] = [];
  let table: SeedProperty[] | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("Property | Type | Description |")) {
      table = [];
      tables.push(table);
      continue;
    }
    const match = table && row.exec(line.trim());
    if (table && match) {
      table.push({ name: match[1] ?? "", type: match[2]?.trim() ?? "", description: match[3]?.trim() ?? "" });
    } else if (table && !line.startsWith("|---")) table = undefined;
  }
  const rawExample = /Response Body: (\{[\s\S]*\}) \|/.exec(text)?.[1];
  if (!rawExample) throw new Error(`no example response body in ${seedFiles[page]}`);
  return { text, tables, rawExample, example: JSON.parse(rawExample.replace(/,(\s*[\]}])/g, "$1")) };
}
