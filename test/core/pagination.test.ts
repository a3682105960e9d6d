// Offset pagination over in-memory collections: order, offsets advanced by what arrived, server caps, the end
// of the collection, servers that repeat pages, prefetch and concurrency, and cancellation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../../src/core/errors.js";
import { type OffsetPage, paginate } from "../../src/core/pagination.js";

interface Item {
  id: string;
}
/** A page as the fake server answers it: the limit it applied, and the total when asked to report one. */
type Page = OffsetPage<Item> & { limit: number; totalCount?: number };

/** `count` items (none if it is not positive) from `offset`. */
const itemsFrom = (offset: number, count: number): Item[] =>
  Array.from({ length: Math.max(0, count) }, (_, i) => ({ id: `item-${offset + i}` }));

/**
 * A fetchPage answering `page(offset, limit)` after a millisecond, which records the offsets requested and those
 * whose request was aborted.
 */
function recordedPages(page: (offset: number, limit: number) => Page) {
  const requested: number[] = [];
  const aborted: number[] = [];
  const fetchPage = async (offset: number, limit: number, signal: AbortSignal): Promise<Page> => {
    requested.push(offset);
    signal.addEventListener("abort", () => aborted.push(offset));
    await new Promise((resolve) => setTimeout(resolve, 1));
    return page(offset, limit);
  };
  return { fetchPage, requested, aborted };
}

/**
 * A server over `total` items that caps limit at `cap` and reports the limit it applied (or, with `echoLimit`,
 * the limit it was asked for, as a proxy that caps pages may), and with `reportTotal` the collection's size.
 */
function collection(
  total: number,
  cap = Number.POSITIVE_INFINITY,
  { echoLimit = false, reportTotal = false } = {},
) {
  const requests: { offset: number; limit: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async (offset: number, limit: number, signal: AbortSignal): Promise<Page> => {
    requests.push({ offset, limit });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let settled = false;
    const settle = () => {
      if (!settled) inFlight--;
      settled = true;
    };
    try {
      // Like a real request, an abort ends it at once: it no longer counts as in flight.
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 1);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          settle();
          reject(signal.reason);
        });
      });
      const applied = Math.min(limit, cap);
      const results = itemsFrom(offset, Math.min(applied, total - offset));
      return {
        offset,
        limit: echoLimit ? limit : applied,
        results,
        ...(reportTotal ? { totalCount: total } : {}),
      };
    } finally {
      settle();
    }
  };
  return { fetchPage, requests, maxInFlight: () => maxInFlight };
}

const ids = (total: number) => Array.from({ length: total }, (_, i) => `item-${i}`);
async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}
const key = (item: Item) => item.id;

describe("paginate", () => {
  it("yields every item in order, and a short last page alone does not end it: the empty page after does", async () => {
    const server = collection(65);
    const items = await drain(paginate({ fetchPage: server.fetchPage, key, pageSize: 30, concurrency: 1 }));
    expect(items.map(key)).toEqual(ids(65));
    expect(server.requests.map((r) => r.offset)).toEqual([0, 30, 60, 65]);
  });

  it("loses nothing when a proxy caps the page size but echoes the requested limit (regression)", async () => {
    const server = collection(250, 100, { echoLimit: true });
    const items = await drain(paginate({ fetchPage: server.fetchPage, key, pageSize: 200, concurrency: 1 }));
    expect(items.map(key)).toEqual(ids(250));
    expect(server.requests.map((r) => r.offset)).toEqual([0, 100, 200, 250]);
  });

  it("ends once the items received reach the total the appliance reports, without asking for more", async () => {
    const server = collection(65, Number.POSITIVE_INFINITY, { reportTotal: true });
    const total = (page: Page) => page.totalCount;
    const items = await drain(
      paginate({ fetchPage: server.fetchPage, key, total, pageSize: 30, concurrency: 1 }),
    );
    expect(items.map(key)).toEqual(ids(65));
    expect(server.requests.map((r) => r.offset)).toEqual([0, 30, 60]);
  });

  it.each([1, 3])(
    "ends at a total that is a multiple of the page size, with no request at or beyond it (concurrency %i)",
    async (concurrency) => {
      const server = collection(30, Number.POSITIVE_INFINITY, { reportTotal: true });
      const total = (page: Page) => page.totalCount;
      const items = await drain(
        paginate({ fetchPage: server.fetchPage, key, total, pageSize: 10, concurrency }),
      );
      expect(items.map(key)).toEqual(ids(30));
      expect(server.requests.map((r) => r.offset)).toEqual([0, 10, 20]);
    },
  );

  it.each([
    ["not an integer", 20.5],
    ["negative", -1],
    ["lower than the items received", 5],
  ])(
    "ignores a reported total that is %s: the listing goes on to the empty page, as without one",
    async (_what, reported) => {
      const listing = async (total?: () => number) => {
        const server = collection(20);
        const items = await drain(
          paginate({ fetchPage: server.fetchPage, key, total, pageSize: 10, concurrency: 2 }),
        );
        return { items: items.map(key), offsets: server.requests.map((r) => r.offset) };
      };
      const without = await listing();
      expect(without).toEqual({ items: ids(20), offsets: [0, 10, 20, 30] });
      await expect(listing(() => reported)).resolves.toEqual(without);
    },
  );

  it("ends at the total the latest page reports, aborting the pages fetched ahead of it, when the collection shrinks", async () => {
    // 40 items when the first page is served, 20 from then on.
    const { fetchPage, requested, aborted } = recordedPages((offset, limit) => {
      const size = offset === 0 ? 40 : 20;
      return { offset, limit, totalCount: size, results: itemsFrom(offset, Math.min(limit, size - offset)) };
    });
    const total = (page: Page) => page.totalCount;
    const items = await drain(paginate({ fetchPage, key, total, pageSize: 10, concurrency: 3 }));
    expect(items.map(key)).toEqual(ids(20));
    expect(requested).toEqual([0, 10, 20, 30]);
    expect(aborted.sort((a, b) => a - b)).toEqual([20, 30]);
  });

  it("goes on past a short page while the reported total is not reached", async () => {
    const server = collection(250, 100, { echoLimit: true, reportTotal: true });
    const total = (page: Page) => page.totalCount;
    const pages = await drain(
      paginate({ fetchPage: server.fetchPage, key, total, pageSize: 200, concurrency: 2 }).byPage(),
    );
    expect(pages.map((p) => [p.offset, p.results.length])).toEqual([
      [0, 100],
      [100, 100],
      [200, 50],
    ]);
  });

  it("ends on an empty page even when the reported total promised more", async () => {
    const fetchPage = async (offset: number, limit: number): Promise<Page> => ({
      offset,
      limit,
      totalCount: 1000,
      results: offset < 20 ? itemsFrom(offset, 10) : [],
    });
    const total = (page: Page) => page.totalCount;
    const items = await drain(paginate({ fetchPage, key, total, pageSize: 10, concurrency: 1 }));
    expect(items.map(key)).toEqual(ids(20));
  });

  it("stops on an empty page when the last page was full", async () => {
    const server = collection(60);
    const pages = await drain(
      paginate({ fetchPage: server.fetchPage, key, pageSize: 30, concurrency: 1 }).byPage(),
    );
    expect(pages.map((p) => p.results.length)).toEqual([30, 30]);
    expect(server.requests.map((r) => r.offset)).toEqual([0, 30, 60]);
  });

  it("advances by the number of items received when the server caps the limit", async () => {
    const server = collection(250, 100);
    const items = await drain(paginate({ fetchPage: server.fetchPage, key, pageSize: 1000, concurrency: 1 }));
    expect(items.map(key)).toEqual(ids(250));
    expect(server.requests.map((r) => r.offset)).toEqual([0, 100, 200, 250]);
  });

  it("lets byPage() choose another page size", async () => {
    const server = collection(10);
    const pages = await drain(
      paginate({ fetchPage: server.fetchPage, key, pageSize: 30, concurrency: 1 }).byPage({ pageSize: 4 }),
    );
    expect(pages.map((p) => p.offset)).toEqual([0, 4, 8]);
    expect(server.requests.map((r) => r.offset)).toEqual([0, 4, 8, 10]);
  });

  it("reports a server that ignores offset and serves the same page again, instead of looping", async () => {
    const fetchPage = async (_offset: number, limit: number): Promise<Page> => ({
      offset: undefined as unknown as number,
      limit,
      results: [{ id: "a" }, { id: "b" }],
    });
    const iterator = paginate({ fetchPage, key, pageSize: 2, concurrency: 1 });
    await expect(drain(iterator)).rejects.toThrow(
      new InvalidResponseError("the page at offset 2 repeats the previous page: the server ignores offset"),
    );
  });

  it("takes a first page whose only item has an empty key for a page, not for a repeat", async () => {
    const fetchPage = async (offset: number, limit: number): Promise<Page> => ({
      offset,
      limit,
      results: offset === 0 ? [{ id: "" }] : [],
    });
    const items = await drain(paginate({ fetchPage, key, pageSize: 1, concurrency: 1 }));
    expect(items).toEqual([{ id: "" }]);
  });

  it("reports a page answered for the wrong offset", async () => {
    const fetchPage = async (_offset: number, limit: number): Promise<Page> => ({
      offset: 0,
      limit,
      results: [{ id: `x${Math.random()}` }],
    });
    await expect(drain(paginate({ fetchPage, key, pageSize: 1, concurrency: 1 }))).rejects.toThrow(
      new InvalidResponseError("asked for the page at offset 1 but got offset 0: the server ignores offset"),
    );
  });

  it("compares pages item by item: ids that run together the same are not a repeat", async () => {
    // "1", "23" then "12", "3": the same characters, but other items.
    const served: Record<number, string[]> = { 0: ["1", "23"], 2: ["12", "3"], 4: [] };
    const fetchPage = async (offset: number, limit: number): Promise<Page> => ({
      offset,
      limit,
      results: (served[offset] ?? []).map((id) => ({ id })),
    });
    const items = await drain(paginate({ fetchPage, key, pageSize: 2, concurrency: 1 }));
    expect(items.map(key)).toEqual(["1", "23", "12", "3"]);
  });

  it("goes on when the page reports no total (null)", async () => {
    const server = collection(25);
    const items = await drain(
      paginate({ fetchPage: server.fetchPage, key, total: () => null, pageSize: 10, concurrency: 1 }),
    );
    expect(items.map(key)).toEqual(ids(25));
    expect(server.requests.map((r) => r.offset)).toEqual([0, 10, 20, 25]);
  });

  it("cancels the pages queued at the old step when the appliance starts capping pages mid-listing", async () => {
    const { fetchPage, requested, aborted } = recordedPages((offset, limit) => {
      const applied = offset === 0 ? limit : Math.min(limit, 3); // full first page, then capped at 3
      return { offset, limit: applied, results: itemsFrom(offset, Math.min(applied, 20 - offset)) };
    });
    const items = await drain(paginate({ fetchPage, key, pageSize: 5, concurrency: 3 }));
    expect(items.map(key)).toEqual(ids(20));
    // Queued at step 5 after the first page: 5, 10, 15. The page at 5 brings 3: those at 10 and 15 would skip
    // items 8, 9, 13 and 14, so they are aborted and the listing goes on from 8 at the new step.
    expect(requested.slice(0, 4)).toEqual([0, 5, 10, 15]);
    expect(aborted).toEqual(expect.arrayContaining([10, 15]));
    expect(requested).toContain(8);
  });

  it("fetches the next page while the caller is still busy with the current one", async () => {
    const server = collection(90);
    const iterator = paginate({ fetchPage: server.fetchPage, key, pageSize: 30, concurrency: 1 }).byPage();
    await iterator.next();
    expect(server.requests.map((r) => r.offset)).toEqual([0, 30]);
    await iterator.return?.();
  });

  it("keeps the pages it prefetched while the page size holds: each offset is asked for once", async () => {
    const server = collection(100);
    const aborted: number[] = [];
    const fetchPage = (offset: number, limit: number, signal: AbortSignal) => {
      signal.addEventListener("abort", () => aborted.push(offset));
      return server.fetchPage(offset, limit, signal);
    };
    const items = await drain(paginate({ fetchPage, key, pageSize: 10, concurrency: 3 }));
    expect(items.map(key)).toEqual(ids(100));
    // Prefetched up to three pages past the end (100, 110, 120): the empty page at 100 ends it, and aborts the rest.
    expect(server.requests.map((r) => r.offset)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
    ]);
    expect(aborted.sort((a, b) => a - b)).toEqual([110, 120]);
  });

  it("keeps up to `concurrency` pages in flight, and the order", async () => {
    const server = collection(1000);
    const items = await drain(paginate({ fetchPage: server.fetchPage, key, pageSize: 50, concurrency: 4 }));
    expect(items.map(key)).toEqual(ids(1000));
    expect(server.maxInFlight()).toBe(4);
  });

  it("stops fetching when the caller breaks out, aborting what is under way", async () => {
    const server = collection(1000);
    const aborted: number[] = [];
    const fetchPage = (offset: number, limit: number, signal: AbortSignal) => {
      signal.addEventListener("abort", () => aborted.push(offset));
      return server.fetchPage(offset, limit, signal);
    };
    for await (const item of paginate({ fetchPage, key, pageSize: 10, concurrency: 3 })) {
      if (item.id === "item-5") break;
    }
    expect(server.requests.map((r) => r.offset)).toEqual([0, 10, 20, 30]);
    expect(aborted.sort()).toEqual([10, 20, 30]);
  });

  it("rejects at once with the abort reason when the caller's signal aborts", async () => {
    const server = collection(1000);
    const controller = new AbortController();
    const iterator = paginate({
      fetchPage: server.fetchPage,
      key,
      pageSize: 10,
      concurrency: 2,
      signal: controller.signal,
    });
    await iterator.next();
    controller.abort(new Error("stop"));
    await expect(iterator.next()).rejects.toThrow("stop");
  });

  it("aborts the requests under way with the caller's reason when the caller's signal aborts", async () => {
    const server = collection(1000);
    const signals = new Map<number, AbortSignal>();
    const fetchPage = (offset: number, limit: number, signal: AbortSignal) => {
      signals.set(offset, signal);
      return server.fetchPage(offset, limit, signal);
    };
    const controller = new AbortController();
    const iterator = paginate({ fetchPage, key, pageSize: 10, concurrency: 2, signal: controller.signal });
    await iterator.next(); // the page at 0 is in; those at 10 and 20 are under way
    expect([...signals.keys()]).toEqual([0, 10, 20]);
    const reason = new Error("stop");
    controller.abort(reason);
    expect(signals.get(10)?.reason).toBe(reason);
    expect(signals.get(20)?.reason).toBe(reason);
    await expect(iterator.next()).rejects.toBe(reason);
  });

  it("surfaces a failed page when the caller reaches it, without an unhandled rejection", async () => {
    const fetchPage = async (offset: number, limit: number): Promise<Page> => {
      if (offset > 0) throw new Error(`page ${offset} failed`);
      return { offset, limit, results: Array.from({ length: limit }, (_, i) => ({ id: `i${i}` })) };
    };
    const iterator = paginate({ fetchPage, key, pageSize: 5, concurrency: 3 }).byPage();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(iterator.next()).rejects.toThrow("page 5 failed");
  });

  it("yields every item exactly once, in order, for any total, cap, page size and concurrency (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 5 }),
        async (total, cap, pageSize, concurrency) => {
          const server = collection(total, cap);
          const items = await drain(paginate({ fetchPage: server.fetchPage, key, pageSize, concurrency }));
          expect(items.map(key)).toEqual(ids(total));
          expect(server.maxInFlight()).toBeLessThanOrEqual(concurrency);
        },
      ),
      { numRuns: 150 },
    );
  });
});
