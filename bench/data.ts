// Seed-shaped data for the benchmarks, in each API version's shape: v8.1's from the v8.1 spec's seed example
// (openapi/v8.1/components/examples/VirtualMachineSnapshotsPageSeed.yaml: the v1 seed's values with the disks'
// `diskName`, no `usn`, v8.1 links), v1's from the snapshot of the v1 list page's example (test/fixtures/seeds/).
// Ids, names and links are varied per item, so that every item is as large and as nested as a real one and no
// two pages are alike (the client checks that a page does not repeat the previous one).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { readSeed } from "../test/helpers/seeds.js";

/** The API versions the bench server speaks. */
export type BenchVersion = "v8.1" | "v1";

/** Each version's list path: the v8.1 client's default, and v1's. */
export const listPaths = {
  "v8.1": "/api/v8.1/restorePoints/virtualMachines/snapshots",
  v1: "/api/v1/virtualMachineSnapshots",
} as const satisfies Record<BenchVersion, string>;

/** Each version's query names, case-sensitive as the appliance reads them: v8.1 capitalises them. */
export const queryNames = {
  "v8.1": { offset: "Offset", limit: "Limit" },
  v1: { offset: "offset", limit: "limit" },
} as const satisfies Record<BenchVersion, { offset: string; limit: string }>;

/** Each version's page size when the request gives none. */
export const defaultLimits: Record<BenchVersion, number> = { "v8.1": 100, v1: 30 };

interface SeedPage {
  results: Record<string, unknown>[];
}

const v81Example = parse(
  readFileSync(
    new URL("../openapi/v8.1/components/examples/VirtualMachineSnapshotsPageSeed.yaml", import.meta.url),
    "utf8",
  ),
) as { value: SeedPage };
const seeds: Record<BenchVersion, Record<string, unknown> | undefined> = {
  "v8.1": v81Example.value.results[0],
  v1: (readSeed("list").example as SeedPage).results[0],
};

/** The seed item of `version` as JSON, cut where the per-item values go. */
function cut(version: BenchVersion) {
  const seed = seeds[version];
  if (!seed) throw new Error(`the ${version} seed page has no snapshot`);
  const vmId = String(seed.vmId);
  const diskId = String((seed.osDisk as { diskId: string }).diskId);
  // Filling the gaps is a string join, cheap enough for the server to make a million items without becoming
  // what the benchmark measures.
  const parts = JSON.stringify(seed)
    .replaceAll(vmId, "\u0000vm\u0000")
    .replaceAll(diskId, "\u0000disk\u0000")
    .replaceAll("test-linux", "\u0000name\u0000")
    .split("\u0000");
  return { vmId, diskId, parts };
}

const templates = { "v8.1": cut("v8.1"), v1: cut("v1") };

/** An id as long as the seed's (52 characters), unique to `index`. */
const id = (prefix: string, index: number) => prefix.slice(0, 52 - 10) + index.toString(36).padStart(10, "0");

/** The JSON of the snapshot at `index`, in `version`'s shape. */
export function snapshotJson(index: number, version: BenchVersion = "v8.1"): string {
  const { vmId, diskId, parts } = templates[version];
  const values: Record<string, string> = {
    vm: id(vmId, index),
    disk: id(diskId, index),
    name: `vm-${index.toString().padStart(7, "0")}`,
  };
  return parts.map((part, i) => (i % 2 === 1 ? (values[part] ?? part) : part)).join("");
}

/**
 * The JSON of the page at `offset` of a collection of `total` snapshots, with the appliance's `_links`, in
 * `version`'s shape: v8.1's also says `totalCount`, v1's does not.
 */
export function pageJson(
  version: BenchVersion,
  origin: string,
  offset: number,
  limit: number,
  total: number,
): string {
  const items: string[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(snapshotJson(i, version));
  const names = queryNames[version];
  const self = `${origin}${listPaths[version]}?${names.offset}=${offset}&${names.limit}=${limit}`;
  const count = version === "v1" ? "" : `"totalCount":${total},`;
  return `{"offset":${offset},"limit":${limit},${count}"results":[${items.join(",")}],"_links":{"self":{"href":"${self}"}}}`;
}
