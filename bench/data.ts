// Seed-shaped data for the benchmarks: the snapshot of the v1 list page's example (test/fixtures/seeds/), with
// ids, names and links varied per item, so that every item is as large and as nested as a real one and no two
// pages are alike (the client checks that a page does not repeat the previous one).
import { readSeed } from "../test/helpers/seeds.js";

interface SeedPage {
  results: Record<string, unknown>[];
}

const seed = (readSeed("list").example as SeedPage).results[0];
if (!seed) throw new Error("the seed list page has no snapshot");
const seedVmId = String(seed.vmId);
const seedDiskId = String((seed.osDisk as { diskId: string }).diskId);

// The seed item as JSON, cut where the per-item values go: filling the gaps is a string join, cheap enough for
// the server to make a million items without becoming what the benchmark measures.
const parts = JSON.stringify(seed)
  .replaceAll(seedVmId, "\u0000vm\u0000")
  .replaceAll(seedDiskId, "\u0000disk\u0000")
  .replaceAll("test-linux", "\u0000name\u0000")
  .split("\u0000");

/** An id as long as the seed's (52 characters), unique to `index`. */
const id = (prefix: string, index: number) => prefix.slice(0, 52 - 10) + index.toString(36).padStart(10, "0");

/** The JSON of the snapshot at `index`. */
export function snapshotJson(index: number): string {
  const values: Record<string, string> = {
    vm: id(seedVmId, index),
    disk: id(seedDiskId, index),
    name: `vm-${index.toString().padStart(7, "0")}`,
  };
  return parts.map((part, i) => (i % 2 === 1 ? (values[part] ?? part) : part)).join("");
}

/** The JSON of the page at `offset` of a collection of `total` snapshots, with the appliance's `_links`. */
export function pageJson(origin: string, offset: number, limit: number, total: number): string {
  const items: string[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(snapshotJson(i));
  const self = `${origin}/api/v1/virtualMachineSnapshots?offset=${offset}&limit=${limit}`;
  return `{"offset":${offset},"limit":${limit},"results":[${items.join(",")}],"_links":{"self":{"href":"${self}"}}}`;
}
