// One run of the mock's listing measurement, in a process of its own (started by bench/run.ts with --expose-gc):
// the client lists a generated inventory from an in-process mock appliance, keeping no item. Reports how far the
// heap grew over the heap right after the mock was created, and the time per page: the mock's own (inside its
// fetch, until the Response is ready) and the whole page (the client's share is the difference).
//   node --expose-gc --import tsx bench/mockListing.ts <dist URL> <snapshots> <pageSize>
import type * as Package from "../src/index.js";
import type * as Mock from "../src/mock/index.js";

const [distUrl, totalArg, pageSizeArg] = process.argv.slice(2);
const gc = globalThis.gc;
if (!gc || !distUrl)
  throw new Error(
    "usage: node --expose-gc --import tsx bench/mockListing.ts <dist URL> <snapshots> <pageSize>",
  );
const total = Number(totalArg);
const pageSize = Number(pageSizeArg);
const lib = (await import(`${distUrl}/index.js`)) as typeof Package;
const { createMockAppliance } = (await import(`${distUrl}/mock/index.js`)) as typeof Mock;
const mock = await createMockAppliance({ snapshots: total, pageCap: pageSize });
let mockMs = 0;
let pages = 0;
const timedFetch: typeof fetch = async (input, init) => {
  const started = performance.now();
  const response = await mock.fetch(input as Request, init);
  mockMs += performance.now() - started;
  pages++;
  return response;
};
const client = lib.createClient({ baseUrl: "https://appliance.test", fetch: timedFetch, token: "bench" });

gc();
const base = process.memoryUsage().heapUsed;
let peak = 0;
let retained = 0;
let count = 0;
let checksum = 0;
const started = performance.now();
for await (const vm of client.listVirtualMachineSnapshots({ pageSize })) {
  checksum += vm.vmId?.length ?? 0;
  if (++count % pageSize === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  if (count % 100_000 === 0) {
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - base);
  }
}
const totalMs = performance.now() - started;
gc();
const after = process.memoryUsage().heapUsed - base;
process.stdout.write(
  `${JSON.stringify({ count, checksum, peak, retained, after, pages, pageMs: totalMs / pages, mockPageMs: mockMs / pages, seconds: totalMs / 1000 })}\n`,
);
