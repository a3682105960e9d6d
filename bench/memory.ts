// One memory measurement, in a process of its own (started by bench/run.ts with --expose-gc): iterate over a
// large collection without keeping the items, and report how far the heap grew over what it held before. Both
// read the v8.1 list: the client as created by default (v8.1), or the naive raw-fetch loop.
//   node --expose-gc --import tsx bench/memory.ts <client|raw> <dist index URL> <baseUrl> <pageSize>
import type * as Package from "../src/index.js";
import { naiveListing, token } from "./contenders.js";

const [mode, distIndex, baseUrl, pageSizeArg] = process.argv.slice(2);
const gc = globalThis.gc;
if (!gc || !distIndex || !baseUrl || (mode !== "client" && mode !== "raw")) {
  throw new Error(
    "usage: node --expose-gc --import tsx bench/memory.ts <client|raw> <dist URL> <baseUrl> <pageSize>",
  );
}
const pageSize = Number(pageSizeArg);
const lib = (await import(distIndex)) as typeof Package;
const client = lib.createClient({ baseUrl, token });
// v8.1's `vmId` may be null (v1's was a required string).
type Item = { vmId?: string | null | undefined };
const items: AsyncIterable<Item> =
  mode === "client"
    ? client.listVirtualMachineSnapshots({ pageSize })
    : (naiveListing(baseUrl, pageSize) as AsyncIterable<Item>);

gc();
const base = process.memoryUsage().heapUsed;
let peak = 0; // the highest heap seen between collections: live data plus garbage not yet collected
let retained = 0; // the highest heap seen right after a full collection: what the iteration really holds
let count = 0;
let checksum = 0;
const started = performance.now();
for await (const vm of items) {
  checksum += vm.vmId?.length ?? 0; // look at each item, keep none
  if (++count % pageSize === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  if (count % 100_000 === 0) {
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - base);
  }
}
const seconds = (performance.now() - started) / 1000;
gc();
const after = process.memoryUsage().heapUsed - base;
process.stdout.write(`${JSON.stringify({ count, checksum, peak, retained, after, seconds })}\n`);
