// The client of API v8.1 (and of v6, v7 and v8, the same operations under their own prefix) through the
// package's main createClient, against a real loopback server: the version option, the list's capitalised
// query and filters, the single, batch and manual-only deletes (202 or 204), job sessions and their statuses,
// system/about, what v1 lacks, multi-factor logins and the problems' trace ids.
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  createClient,
  type Fetch,
  InvalidResponseError,
  JobSessionError,
  MfaRequiredError,
  NetworkError,
  TimeoutError,
  VeeamAzureError,
} from "../../src/index.js";
import { type FaultServer, json, startFaultServer } from "../helpers/faultServer.js";
import { closedPort } from "../helpers/ports.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

const currentVersions = ["v6", "v7", "v8", "v8.1"] as const;
const vmA = "/subscriptions/0b1c/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-a";
const vmB = "/subscriptions/0b1c/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-b";
const restorePointId = "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a";

/** A v8.1 page of `count` snapshots from `offset`; `totalCount` only when given. */
function page(offset: number, limit: number, count: number, totalCount?: number | null) {
  return {
    offset,
    limit,
    ...(totalCount === undefined ? {} : { totalCount }),
    results: Array.from({ length: count }, (_, i) => ({
      vmId: `vm-${offset + i}`,
      name: `vm-${offset + i}`,
      size: 128,
      dataDisks: [],
    })),
  };
}
/** A v8.1 job session (no usn). */
const session = (id: string, status: string, type = "SnapshotDeletion") => ({
  id,
  type,
  localizedType: "Snapshot deletion",
  status,
});
const problem = (status: number, title: string, detail: string, traceId = "0HN7GQ3C5V1F2:00000001") => ({
  type: "https://tools.ietf.org/html/rfc9110",
  title,
  status,
  detail,
  traceId,
});
/** The query of a request the server received, as name/value pairs sorted by name. */
const queryOf = (url: string) =>
  [...new URL(url, "http://x").searchParams].sort(([a], [b]) => a.localeCompare(b));
const pathOf = (url: string) => new URL(url, "http://x").pathname;
const noContent = (res: ServerResponse) => res.writeHead(204).end();

/** The global fetch, except that its first call is refused (it goes to a closed port). */
async function refusedFirst(): Promise<Fetch> {
  const refused = `http://127.0.0.1:${await closedPort()}`;
  let calls = 0;
  return (url, init) => globalThis.fetch(calls++ === 0 ? url.replace(server.url, refused) : url, init);
}

/** An in-memory appliance: `answer` is called with each request's URL; the calls are recorded. */
function memoryClient(answer: (url: URL, calls: number) => Response) {
  const urls: URL[] = [];
  const fetch = vi.fn(async (url: string) => {
    urls.push(new URL(url));
    return answer(new URL(url), urls.length);
  });
  return { client: createClient({ baseUrl: "https://appliance.test", token: "t", fetch }), urls, fetch };
}

describe("createClient's apiVersion", () => {
  it('speaks "v8.1" when none is given', async () => {
    server.handle((_req, res) => json(res, 200, session("8", "Success")));
    const client = createClient({ baseUrl: server.url, token: "t" });
    expect(client.apiVersion).toBe("v8.1");
    const explicit = createClient({ baseUrl: server.url, token: "t", apiVersion: undefined });
    expect(explicit.apiVersion).toBe("v8.1");
    await client.getJobSession("8");
    await explicit.getJobSession("8");
    expect(server.received.map((r) => r.url)).toEqual(["/api/v8.1/jobSessions/8", "/api/v8.1/jobSessions/8"]);
  });

  it.each(["v1", "v6", "v7", "v8", "v8.1"] as const)("speaks %s under its own prefix", async (apiVersion) => {
    server.handle((_req, res) => json(res, 200, session("8", "Success")));
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion });
    expect(client.apiVersion).toBe(apiVersion);
    await client.getJobSession("8");
    expect(server.received.map((r) => r.url)).toEqual([`/api/${apiVersion}/jobSessions/8`]);
  });

  it.each([["v2"], ["v5"], ["8.1"], ["V8.1"], ["v8.0"], ["v8.1 "], [""], [8.1], [{}]])(
    "refuses %j with a TypeError naming the supported versions, before any request",
    (apiVersion) => {
      const fetch = vi.fn(globalThis.fetch);
      const create = () =>
        createClient({ baseUrl: server.url, token: "t", fetch, apiVersion: apiVersion as never });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/^apiVersion must be one of "v8\.1", "v8", "v7", "v6", "v1", got /);
      expect(fetch).not.toHaveBeenCalled();
      expect(server.received).toHaveLength(0);
    },
  );
});

describe.each(currentVersions)("listing on %s", (apiVersion) => {
  const list = `/api/${apiVersion}/restorePoints/virtualMachines/snapshots`;
  const client = () => createClient({ baseUrl: server.url, token: "t", apiVersion });

  it("sends Offset, Limit, VirtualMachineId and RestorePointId, spelled so, to the v8.1 list path", async () => {
    server.handle((_req, res) => json(res, 200, page(5, 7, 1, 6)));
    const result = await client().getVirtualMachineSnapshotsPage({
      offset: 5,
      limit: 7,
      vmId: vmA,
      restorePointId,
    });
    expect(result).toMatchObject({ offset: 5, totalCount: 6, results: [{ vmId: "vm-5" }] });
    const [request] = server.received;
    expect(request?.method).toBe("GET");
    expect(pathOf(request?.url ?? "")).toBe(list);
    expect(queryOf(request?.url ?? "")).toEqual([
      ["Limit", "7"],
      ["Offset", "5"],
      ["RestorePointId", restorePointId],
      ["VirtualMachineId", vmA],
    ]);
  });

  it("asks for Offset=0 and Limit=100 by default, with no filter in the query", async () => {
    server.handle((_req, res) => json(res, 200, page(0, 100, 0, 0)));
    await client().getVirtualMachineSnapshotsPage();
    await client().getVirtualMachineSnapshotsPage({ vmId: undefined, restorePointId: undefined });
    expect(server.received.map((r) => r.url)).toEqual([
      `${list}?Offset=0&Limit=100`,
      `${list}?Offset=0&Limit=100`,
    ]);
  });

  it("passes the filters on every page and stops once totalCount is reached, without asking for more", async () => {
    server.handle((req, res) => {
      const query = new URL(req.url ?? "", server.url).searchParams;
      const offset = Number(query.get("Offset"));
      json(res, 200, page(offset, Number(query.get("Limit")), Math.max(0, Math.min(2, 5 - offset)), 5));
    });
    const names: unknown[] = [];
    for await (const vm of client().listVirtualMachineSnapshots({
      pageSize: 2,
      concurrency: 1,
      vmId: vmA,
      restorePointId,
    })) {
      names.push(vm.name);
    }
    expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
    // v1 needs the empty page at offset 5 to know it is done; here the total says so.
    expect(server.received.map((r) => queryOf(r.url))).toEqual(
      [0, 2, 4].map((offset) => [
        ["Limit", "2"],
        ["Offset", String(offset)],
        ["RestorePointId", restorePointId],
        ["VirtualMachineId", vmA],
      ]),
    );
    expect(server.received.every((r) => pathOf(r.url) === list)).toBe(true);
  });

  it("stops on a full last page when totalCount is a multiple of the page size", async () => {
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("Offset"));
      json(res, 200, page(offset, 2, Math.max(0, Math.min(2, 4 - offset)), 4));
    });
    const pages: number[] = [];
    for await (const p of client().listVirtualMachineSnapshots({ concurrency: 1 }).byPage({ pageSize: 2 })) {
      pages.push(p.results.length);
    }
    expect(pages).toEqual([2, 2]);
    expect(server.received.map((r) => r.url)).toEqual([
      `${list}?Offset=0&Limit=2`,
      `${list}?Offset=2&Limit=2`,
    ]);
  });

  it("stops on an empty page when the appliance gives no totalCount", async () => {
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("Offset"));
      json(res, 200, page(offset, 2, Math.max(0, Math.min(2, 5 - offset)), offset === 0 ? undefined : null));
    });
    const names: unknown[] = [];
    for await (const vm of client().listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1, vmId: vmB })) {
      names.push(vm.name);
    }
    expect(names).toHaveLength(5);
    expect(server.received.map((r) => r.url)).toEqual(
      [0, 2, 4, 5].map(
        (offset) => `${list}?Offset=${offset}&Limit=2&VirtualMachineId=${encodeURIComponent(vmB)}`,
      ),
    );
  });

  it("asks for pages of 100 by default", async () => {
    server.handle((_req, res) => json(res, 200, page(0, 100, 3, 3)));
    const all: unknown[] = [];
    for await (const vm of client().listVirtualMachineSnapshots()) all.push(vm);
    expect(all).toHaveLength(3);
    expect(server.received.map((r) => r.url)).toEqual([`${list}?Offset=0&Limit=100`]);
  });
});

describe("listing with the total known", () => {
  it("never asks for a page at or beyond totalCount, even with requests in flight ahead (default concurrency)", async () => {
    const { client, urls } = memoryClient((url) => {
      const offset = Number(url.searchParams.get("Offset"));
      return Response.json(page(offset, 2, Math.max(0, Math.min(2, 5 - offset)), 5));
    });
    const names: unknown[] = [];
    for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2 })) names.push(vm.name);
    expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
    // The first page says there are 5: the pages at 0, 2 and 4 hold them all.
    expect(urls.map((url) => Number(url.searchParams.get("Offset"))).sort((a, b) => a - b)).toEqual([
      0, 2, 4,
    ]);
  });
});

describe("listing one VM whose restore points fill several pages", () => {
  const list = "/api/v8.1/restorePoints/virtualMachines/snapshots";
  // v8.1 lists one item per VM per restore point: the same vmId on every item, a restore point link of its own.
  const snapshots = Array.from({ length: 5 }, (_, i) => ({
    vmId: vmA,
    name: "vm-a",
    size: 128,
    dataDisks: [],
    _links: {
      restorepoint: {
        href: `https://appliance.test/api/v8.1/restorePoints/virtualMachines/3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7${i}`,
      },
    },
  }));
  /** Serves `snapshots` by Offset and Limit, with `totalCount` when given. */
  function serveSnapshots(totalCount?: number) {
    server.handle((req, res) => {
      const query = new URL(req.url ?? "", server.url).searchParams;
      const offset = Number(query.get("Offset"));
      const limit = Number(query.get("Limit"));
      json(res, 200, {
        offset,
        limit,
        ...(totalCount === undefined ? {} : { totalCount }),
        results: snapshots.slice(offset, offset + limit),
      });
    });
  }
  const hrefs = (items: unknown[]) =>
    items.map((item) => (item as (typeof snapshots)[number])._links.restorepoint.href);
  const offsets = () =>
    server.received.map((r) => Number(new URL(r.url, server.url).searchParams.get("Offset")));

  it.each<[string, { vmId?: string }]>([
    ["filtered by its vmId", { vmId: vmA }],
    ["without a filter", {}],
  ])(
    "gives every item, in order, %s (the pages differ by restore point, not by vmId)",
    async (_what, filter) => {
      serveSnapshots();
      const client = createClient({ baseUrl: server.url, token: "t" });
      const items: unknown[] = [];
      for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1, ...filter }))
        items.push(vm);
      expect(hrefs(items)).toEqual(hrefs(snapshots));
      expect(items).toEqual(snapshots);
      expect(offsets()).toEqual([0, 2, 4, 5]);
      expect(
        server.received.every(
          (r) =>
            pathOf(r.url) === list &&
            new URL(r.url, server.url).searchParams.get("VirtualMachineId") === (filter.vmId ?? null),
        ),
      ).toBe(true);
    },
  );

  it("gives every item with the total known, and asks for no page past it", async () => {
    serveSnapshots(5);
    const client = createClient({ baseUrl: server.url, token: "t" });
    const items: unknown[] = [];
    for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 3, vmId: vmA }))
      items.push(vm);
    expect(items).toEqual(snapshots);
    expect(offsets().sort((a, b) => a - b)).toEqual([0, 2, 4]);
  });

  // The schema lets `_links` be null: the items still differ, by their disk snapshots' ids.
  it("gives every item when the items have no links (null), differing by their disk snapshots", async () => {
    const unlinked = snapshots.map((item, i) => ({
      ...item,
      _links: null,
      osDisk: { diskId: `os-snapshot-${i}`, diskName: "vm-a_OsDisk" },
      dataDisks: [{ diskId: `data-snapshot-${i}`, diskName: "vm-a_disk1" }],
    }));
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("Offset"));
      json(res, 200, { offset, limit: 2, results: unlinked.slice(offset, offset + 2) });
    });
    const client = createClient({ baseUrl: server.url, token: "t" });
    const items: unknown[] = [];
    for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1, vmId: vmA }))
      items.push(vm);
    expect(items).toEqual(unlinked);
  });

  it("still refuses a page that really repeats the previous one (an appliance that ignores Offset)", async () => {
    // It echoes the offset asked for, but serves the first items again.
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("Offset"));
      json(res, 200, { offset, limit: 2, results: snapshots.slice(0, 2) });
    });
    const client = createClient({ baseUrl: server.url, token: "t" });
    const pages = client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1, vmId: vmA }).byPage();
    await expect(pages.next()).resolves.toMatchObject({ done: false });
    const error = await pages.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/repeats the previous page/);
  });
});

describe("a totalCount that cannot be right", () => {
  const list = "/api/v8.1/restorePoints/virtualMachines/snapshots";
  /** 5 snapshots in pages of 2, every page reporting `totalCount`. */
  function serveFive(totalCount: number) {
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("Offset"));
      json(res, 200, page(offset, 2, Math.max(0, Math.min(2, 5 - offset)), totalCount));
    });
  }
  const offsets = () =>
    server.received.map((r) => Number(new URL(r.url, server.url).searchParams.get("Offset")));

  it.each([
    ["0 beside results", 0],
    ["-1", -1],
    ["not an integer (1.5)", 1.5],
    ["lower than the items already received (3, stale)", 3],
  ])(
    "is not believed when it is %s: the listing goes on to the empty page and gives every item",
    async (_what, totalCount) => {
      serveFive(totalCount);
      const client = createClient({ baseUrl: server.url, token: "t" });
      const names: unknown[] = [];
      for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1 }))
        names.push(vm.name);
      expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
      expect(offsets()).toEqual([0, 2, 4, 5]);
      expect(server.received.every((r) => pathOf(r.url) === list)).toBe(true);
    },
  );

  it.each([1, 2, 3])("is not believed with %i pages in flight either", async (concurrency) => {
    serveFive(0);
    const client = createClient({ baseUrl: server.url, token: "t" });
    const names: unknown[] = [];
    for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency }))
      names.push(vm.name);
    expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
  });

  it("a correct one still ends the listing on its last item, with no request past it", async () => {
    serveFive(5);
    const client = createClient({ baseUrl: server.url, token: "t" });
    const names: unknown[] = [];
    for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1 }))
      names.push(vm.name);
    expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
    expect(offsets()).toEqual([0, 2, 4]);
  });
});

describe("v1's listing, for comparison", () => {
  it("sends offset and limit in lower case, 30 by default, to /api/v1/virtualMachineSnapshots", async () => {
    server.handle((_req, res) => json(res, 200, { offset: 0, limit: 30, results: [] }));
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion: "v1" });
    await client.getVirtualMachineSnapshotsPage();
    await client.getVirtualMachineSnapshotsPage({ offset: 3, limit: 4 });
    for await (const _ of client.listVirtualMachineSnapshots()) {
      // empty
    }
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/v1/virtualMachineSnapshots?offset=0&limit=30",
      "/api/v1/virtualMachineSnapshots?offset=3&limit=4",
      "/api/v1/virtualMachineSnapshots?offset=0&limit=30",
    ]);
  });
});

describe("list arguments are checked before any request", () => {
  const client = () => createClient({ baseUrl: server.url, token: "t" });

  it.each([
    ["not a UUID", "restore-point-1"],
    ["a UUID in braces", `{${restorePointId}}`],
    ["a UUID with a trailing character", `${restorePointId}x`],
    ["a UUID without dashes", restorePointId.replaceAll("-", "")],
    ["empty", ""],
    ["a number", 42],
    ["null", null],
  ])("a restorePointId that is %s is a TypeError", async (_what, value) => {
    const options = { restorePointId: value as string };
    await expect(client().getVirtualMachineSnapshotsPage(options)).rejects.toThrow(
      /restorePointId must be a UUID/,
    );
    expect(() => client().listVirtualMachineSnapshots(options)).toThrow(TypeError);
    expect(server.received).toHaveLength(0);
  });

  it("takes a restore point's UUID in upper case as it is", async () => {
    server.handle((_req, res) => json(res, 200, page(0, 100, 0, 0)));
    await client().getVirtualMachineSnapshotsPage({ restorePointId: restorePointId.toUpperCase() });
    expect(new URL(server.received[0]?.url ?? "", server.url).searchParams.get("RestorePointId")).toBe(
      restorePointId.toUpperCase(),
    );
  });

  it.each([[""], ["   "], [42], [null], [["vm-a"]]])("a vmId filter of %j is a TypeError", async (vmId) => {
    const options = { vmId: vmId as string };
    await expect(client().getVirtualMachineSnapshotsPage(options)).rejects.toThrow(
      /vmId must be a non-empty string/,
    );
    expect(() => client().listVirtualMachineSnapshots(options)).toThrow(TypeError);
    expect(server.received).toHaveLength(0);
  });

  it.each([[{ offset: -1 }], [{ limit: 0 }], [{ limit: -1 }]])(
    "getVirtualMachineSnapshotsPage(%o) is a RangeError",
    async (options) => {
      await expect(client().getVirtualMachineSnapshotsPage(options)).rejects.toBeInstanceOf(RangeError);
      expect(server.received).toHaveLength(0);
    },
  );

  // Limit=-1 is the appliance's undocumented "everything": a bad page size must never reach it.
  it.each([-1, 0, 2.5])("byPage({ pageSize: %d }) is a RangeError before any request", async (pageSize) => {
    server.handle((_req, res) => json(res, 200, page(0, 100, 0, 0)));
    const pages = client().listVirtualMachineSnapshots().byPage({ pageSize });
    await expect(pages.next()).rejects.toBeInstanceOf(RangeError);
    expect(server.received).toHaveLength(0);
  });
});

describe.each(currentVersions)("deleting on %s", (apiVersion) => {
  const base = `/api/${apiVersion}/protectedItem/virtualMachines`;
  const client = () => createClient({ baseUrl: server.url, token: "t", apiVersion });

  it("POSTs one VM's deleteSnapshots and resolves with the session of a 202", async () => {
    server.handle((_req, res) => json(res, 202, session("s-1", "Running")));
    await expect(client().deleteVirtualMachineSnapshots(vmA)).resolves.toEqual(session("s-1", "Running"));
    expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", `${base}/${encodeURIComponent(vmA)}/deleteSnapshots`, ""],
    ]);
  });

  it("resolves with null on a 204 (nothing to delete), not with an InvalidResponseError", async () => {
    server.handle((_req, res) => noContent(res));
    await expect(client().deleteVirtualMachineSnapshots("vm-1")).resolves.toBeNull();
    await expect(client().deleteVirtualMachineSnapshots(["vm-1", "vm-2"])).resolves.toBeNull();
    await expect(client().deleteVirtualMachineSnapshots("vm-1", { manualOnly: true })).resolves.toBeNull();
    expect(server.received).toHaveLength(3);
  });

  it("sends an array as ONE POST to the batch path, with the distinct ids as JSON", async () => {
    server.handle((_req, res) => json(res, 202, session("s-2", "Pending")));
    await expect(client().deleteVirtualMachineSnapshots([vmA, vmB, vmA])).resolves.toEqual(
      session("s-2", "Pending"),
    );
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect([request?.method, request?.url]).toEqual(["POST", `${base}/deleteSnapshots`]);
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(request?.body ?? "")).toEqual({ ids: [vmA, vmB] });
  });

  it("sends a one-element array to the batch path too", async () => {
    server.handle((_req, res) => json(res, 202, session("s-3", "Running")));
    await client().deleteVirtualMachineSnapshots(["vm-1"]);
    expect(server.received.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      [`${base}/deleteSnapshots`, { ids: ["vm-1"] }],
    ]);
  });

  it("with manualOnly, POSTs deleteManualSnapshots, single and batch", async () => {
    server.handle((_req, res) => json(res, 202, session("s-4", "Running", "ManualSnapshotDeletion")));
    await client().deleteVirtualMachineSnapshots("vm-1", { manualOnly: true });
    await client().deleteVirtualMachineSnapshots(["vm-1", "vm-2"], { manualOnly: true });
    await client().deleteVirtualMachineSnapshots("vm-1", { manualOnly: false });
    expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", `${base}/vm-1/deleteManualSnapshots`, ""],
      ["POST", `${base}/deleteManualSnapshots`, JSON.stringify({ ids: ["vm-1", "vm-2"] })],
      ["POST", `${base}/vm-1/deleteSnapshots`, ""],
    ]);
  });

  it("refuses a 202 with no body, or one that is not a session, with an InvalidResponseError", async () => {
    server.handle((_req, res, _body, index) =>
      index === 0
        ? res.writeHead(202, { "content-type": "application/json" }).end()
        : json(res, 202, { ok: true }),
    );
    await expect(client().deleteVirtualMachineSnapshots("vm-1")).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(client().deleteVirtualMachineSnapshots(["vm-1"])).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });

  it("rejects an error status with an ApiError naming the path requested", async () => {
    server.handle((_req, res) =>
      json(res, 404, problem(404, "Not Found", "Virtual machine was not found.", "0HNX")),
    );
    const error = await client()
      .deleteVirtualMachineSnapshots(["vm-1"])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      `POST ${base}/deleteSnapshots: 404 Not Found - Virtual machine was not found. (trace 0HNX)`,
    );
  });
});

describe("delete arguments are checked before any request", () => {
  const client = () => createClient({ baseUrl: server.url, token: "t" });

  it.each([
    ["an empty array", [], /vmIds must be a non-empty array/],
    ["an array with an empty id", ["vm-1", ""], /vmIds\[1\] must be a non-empty string/],
    ["an array with a number", ["vm-1", 7], /vmIds\[1\] must be a non-empty string/],
    ["an array with a dot segment", [".."], /vmIds\[0\]/],
    ["an empty id", "", /vmId must be a non-empty string/],
    ["a dot segment", ".", /dot segment/],
    ["undefined", undefined, /vmId must be a non-empty string/],
  ])("%s is a TypeError", async (_what, vmId, message) => {
    const pending = client().deleteVirtualMachineSnapshots(vmId as string);
    await expect(pending).rejects.toBeInstanceOf(TypeError);
    await expect(client().deleteVirtualMachineSnapshots(vmId as string)).rejects.toThrow(message);
    await expect(
      client().deleteVirtualMachineSnapshots(vmId as string, { manualOnly: true }),
    ).rejects.toThrow(TypeError);
    expect(server.received).toHaveLength(0);
  });

  it.each([["yes"], [1], [null]])("manualOnly: %j is a TypeError", async (manualOnly) => {
    await expect(
      client().deleteVirtualMachineSnapshots("vm-1", { manualOnly: manualOnly as never }),
    ).rejects.toThrow(new TypeError("manualOnly must be true or false"));
    expect(server.received).toHaveLength(0);
  });
});

describe("a delete POST is never replayed once it may have reached the appliance", () => {
  const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

  it.each([
    ["single", "vm-1"],
    ["batch", ["vm-1", "vm-2"]],
  ])(
    "a %s delete whose connection is reset is sent once and rejects with a NetworkError",
    async (_what, vmId) => {
      server.handle((req) => req.socket.destroy());
      const client = createClient({ baseUrl: server.url, token: "t", retry });
      await expect(client.deleteVirtualMachineSnapshots(vmId)).rejects.toBeInstanceOf(NetworkError);
      expect(server.received).toHaveLength(1);
    },
  );

  it.each([500, 502, 504])("a batch delete answered %i is sent once", async (status) => {
    server.handle((_req, res) => json(res, status, { title: "Server Error", status }));
    const client = createClient({ baseUrl: server.url, token: "t", retry });
    await expect(client.deleteVirtualMachineSnapshots(["vm-1", "vm-2"])).rejects.toMatchObject({ status });
    await expect(client.deleteVirtualMachineSnapshots(["vm-1"], { manualOnly: true })).rejects.toMatchObject({
      status,
    });
    expect(server.received.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  it("a batch delete that times out is sent once and rejects with a TimeoutError", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );
    const client = createClient({
      baseUrl: "https://appliance.test",
      token: "t",
      retry,
      timeoutMs: 1_000,
      fetch,
    });
    const pending = client.deleteVirtualMachineSnapshots(["vm-1", "vm-2"]);
    const settled = expect(pending).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(10_000);
    await settled;
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("a batch delete whose connection is refused before sending is sent again, with the same body", async () => {
    server.handle((_req, res) => json(res, 202, session("s-5", "Running")));
    const client = createClient({ baseUrl: server.url, token: "t", retry, fetch: await refusedFirst() });
    await expect(client.deleteVirtualMachineSnapshots(["vm-1", "vm-2"])).resolves.toMatchObject({
      id: "s-5",
    });
    expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", '{"ids":["vm-1","vm-2"]}'],
    ]);
  });
});

describe("a 204 on v1's delete", () => {
  it("is an InvalidResponseError: v1 documents 200 with a session as its only success", async () => {
    server.handle((_req, res) => noContent(res));
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion: "v1" });
    const error = await client.deleteVirtualMachineSnapshots("vm-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(
      "POST /api/v1/virtualMachines/vm-1/deleteSnapshots: 204 with an empty body where JSON was due",
    );
  });
});

describe.each(currentVersions)("job sessions on %s", (apiVersion) => {
  it("reads a session at /api/<v>/jobSessions/{sessionId}", async () => {
    server.handle((_req, res) => json(res, 200, session("0f3c9d1e-5a7b-4c2d-9e8f-1a2b3c4d5e6f", "Running")));
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion });
    await expect(client.getJobSession("0f3c9d1e-5a7b-4c2d-9e8f-1a2b3c4d5e6f")).resolves.toMatchObject({
      status: "Running",
    });
    expect(server.received.map((r) => [r.method, r.url])).toEqual([
      ["GET", `/api/${apiVersion}/jobSessions/0f3c9d1e-5a7b-4c2d-9e8f-1a2b3c4d5e6f`],
    ]);
  });

  it("waits for a delete's session by polling it by id on the same prefix", async () => {
    server.handle((req, res, _body, index) =>
      req.method === "POST"
        ? json(res, 202, session("s-9", "Pending"))
        : json(res, 200, session("s-9", index < 2 ? "Running" : "Success")),
    );
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion });
    const started = await client.deleteVirtualMachineSnapshots("vm-1");
    if (!started) throw new Error("expected a session");
    await expect(client.waitForJobSession(started, { intervalMs: 1 })).resolves.toMatchObject({
      status: "Success",
    });
    expect(server.received.map((r) => r.url)).toEqual([
      `/api/${apiVersion}/protectedItem/virtualMachines/vm-1/deleteSnapshots`,
      `/api/${apiVersion}/jobSessions/s-9`,
      `/api/${apiVersion}/jobSessions/s-9`,
    ]);
  });
});

describe("waitForJobSession on v8.1", () => {
  /** A client whose session 8 goes through `statuses` (the last one repeated). */
  function sessions(statuses: string[]) {
    return memoryClient((_url, calls) =>
      Response.json(session("8", statuses[Math.min(calls, statuses.length) - 1] ?? "")),
    );
  }
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it.each(["Success", "Warning"])("resolves when the session ends in %s", async (status) => {
    const { client, urls } = sessions(["Running", status]);
    const pending = client.waitForJobSession("8", { intervalMs: 10 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(pending).resolves.toMatchObject({ id: "8", status });
    expect(urls.map((url) => url.pathname)).toEqual(["/api/v8.1/jobSessions/8", "/api/v8.1/jobSessions/8"]);
  });

  it.each(["Error", "Canceled", "NeverExecuted"])(
    "rejects with a JobSessionError when it ends in %s",
    async (status) => {
      const { client } = sessions(["Running", status]);
      const pending = client.waitForJobSession("8", { intervalMs: 10 });
      const settled = expect(pending).rejects.toSatisfy(
        (error: unknown) =>
          error instanceof JobSessionError &&
          error instanceof VeeamAzureError &&
          error.session.status === status &&
          error.message === `Job session 8 (SnapshotDeletion) ended with status ${status}`,
      );
      await vi.advanceTimersByTimeAsync(100);
      await settled;
    },
  );

  it("keeps polling through every status that is not final, and through statuses it does not know", async () => {
    const going = ["Pending", "Running", "RunningWithWarning", "RunningWithError", "Canceling", "Unknown"];
    // `Failed` ends a v1 session; v8.1 has no such status, so it is one this client does not know.
    const { client, urls } = sessions([...going, "Failed", "Paused", "Success"]);
    const onPoll = vi.fn();
    const pending = client.waitForJobSession("8", { intervalMs: 10, onPoll });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(pending).resolves.toMatchObject({ status: "Success" });
    expect(urls).toHaveLength(9);
    expect(onPoll.mock.calls.map(([s]) => (s as { status: string }).status)).toEqual([
      ...going.slice(1),
      "Failed",
      "Paused",
      "Success",
    ]);
  });

  it.each(["Pending", "Canceling", "Unknown", "RunningWithError"])(
    "times out on a session that stays %s",
    async (status) => {
      const { client } = sessions([status]);
      const pending = client.waitForJobSession("8", { intervalMs: 100, timeoutMs: 250 });
      const settled = expect(pending).rejects.toBeInstanceOf(TimeoutError);
      await vi.advanceTimersByTimeAsync(1_000);
      await settled;
    },
  );

  it("refuses null (a delete's 204) with a TypeError that explains it, before any request", async () => {
    const { client, fetch } = sessions(["Success"]);
    const error = await client.waitForJobSession(null as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/204/);
    expect((error as Error).message).toMatch(/nothing to delete/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("getSystemInfo", () => {
  it.each(currentVersions)("reads GET /api/%s/system/about", async (apiVersion) => {
    const about = { serverVersion: "8.1.0.123", workerVersion: "8.1.0.45" };
    server.handle((_req, res) => json(res, 200, about));
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion });
    await expect(client.getSystemInfo()).resolves.toEqual(about);
    expect(server.received.map((r) => [r.method, r.url])).toEqual([
      ["GET", `/api/${apiVersion}/system/about`],
    ]);
  });

  it.each([[["8.1"]], ["8.1.0.123"], [null]])(
    "refuses an answer of %j with an InvalidResponseError",
    async (body) => {
      server.handle((_req, res) => json(res, 200, body));
      const client = createClient({ baseUrl: server.url, token: "t" });
      await expect(client.getSystemInfo()).rejects.toBeInstanceOf(InvalidResponseError);
    },
  );
});

describe("what v1 lacks is a TypeError before any request", () => {
  // As a JavaScript caller would, whom the v1 client's types do not stop.
  const client = () =>
    createClient({ baseUrl: server.url, token: "t", apiVersion: "v1" }) as unknown as ReturnType<
      typeof createClient<"v8.1">
    >;
  afterEach(() => {
    expect(server.received).toHaveLength(0);
  });

  it.each([[{ vmId: "vm-1" }], [{ restorePointId }], [{ vmId: "vm-1", restorePointId }]])(
    "list filters %o",
    async (filters) => {
      await expect(client().getVirtualMachineSnapshotsPage(filters)).rejects.toThrow(
        "API v1 has no list filters (vmId, restorePointId); it needs API v6 or later",
      );
      expect(() => client().listVirtualMachineSnapshots(filters)).toThrow(TypeError);
    },
  );

  it("an array of vmIds", async () => {
    await expect(client().deleteVirtualMachineSnapshots(["vm-1", "vm-2"])).rejects.toThrow(
      /API v1 has no batch delete/,
    );
    await expect(
      client().deleteVirtualMachineSnapshots(["vm-1"], { manualOnly: true }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it("manualOnly: true", async () => {
    await expect(client().deleteVirtualMachineSnapshots("vm-1", { manualOnly: true })).rejects.toThrow(
      /API v1 has no manual-only delete/,
    );
  });

  it("getSystemInfo", async () => {
    const error = await client()
      .getSystemInfo()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/API v1 has no system\/about/);
  });
});

describe("multi-factor authentication through createClient", () => {
  const mfaToken = "mfa-challenge-token-7f3a";
  const code = "492817";
  const password = "test-only-password";
  const isToken = (url: string | undefined) => url === "/api/oauth2/token";
  const forms = () =>
    server.received.filter((r) => isToken(r.url)).map((r) => Object.fromEntries(new URLSearchParams(r.body)));
  const tokens = (n: number, expiresIn = 3600) => ({
    access_token: `access-${n}`,
    token_type: "bearer",
    refresh_token: `refresh-${n}`,
    expires_in: expiresIn,
  });
  /**
   * An appliance whose user has MFA: the password answers with a challenge (with `challenge`'s fields besides),
   * the code with tokens.
   */
  function mfaAppliance(
    options: { refreshRefused?: boolean; badCode?: boolean; challenge?: Record<string, unknown> } = {},
  ) {
    let issued = 0;
    server.handle((req, res, body) => {
      if (!isToken(req.url)) {
        json(res, 200, session("8", "Success"));
        return;
      }
      const form = new URLSearchParams(body);
      const grant = form.get("grant_type");
      if (grant === "Password")
        json(res, 200, { expires_in: 0, ...options.challenge, mfa_enabled: true, mfa_token: mfaToken });
      else if (
        grant === "Mfa" &&
        !options.badCode &&
        form.get("mfa_token") === mfaToken &&
        form.get("mfa_code") === code
      )
        json(res, 200, tokens(++issued));
      else if (grant === "Refresh_token" && !options.refreshRefused) json(res, 200, tokens(++issued));
      else
        json(res, 400, {
          title: "Bad Request",
          status: 400,
          detail: "The verification code is not valid.",
          traceId: "0HNMFA",
        });
    });
  }
  const bearers = () => server.received.filter((r) => !isToken(r.url)).map((r) => r.headers.authorization);

  it("completes the login with grant_type=Mfa, the challenge's token and the code, and uses its tokens", async () => {
    mfaAppliance();
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode: code },
    });
    await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
    expect(forms()).toEqual([
      { grant_type: "Password", username: "backupadmin", password },
      { grant_type: "Mfa", mfa_token: mfaToken, mfa_code: code },
    ]);
    expect(bearers()).toEqual(["Bearer access-1"]);
    expect(server.received.filter((r) => isToken(r.url)).map((r) => r.headers["content-type"])).toEqual([
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded",
    ]);
  });

  it.each([
    ["an empty access_token", { access_token: "" }],
    [
      "empty tokens and a lifetime of 0",
      { access_token: "", refresh_token: "", expires_in: 0, token_type: "" },
    ],
  ])(
    "takes a challenge with %s beside mfa_enabled and mfa_token for one, and completes the login",
    async (_what, extra) => {
      mfaAppliance({ challenge: extra });
      const client = createClient({
        baseUrl: server.url,
        credentials: { username: "backupadmin", password, mfaCode: code },
      });
      await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
      expect(forms()).toEqual([
        { grant_type: "Password", username: "backupadmin", password },
        { grant_type: "Mfa", mfa_token: mfaToken, mfa_code: code },
      ]);
      expect(bearers()).toEqual(["Bearer access-1"]);
    },
  );

  it("without mfaCode, rejects with an MfaRequiredError that says to pass credentials.mfaCode, and sends nothing more", async () => {
    mfaAppliance();
    const client = createClient({ baseUrl: server.url, credentials: { username: "backupadmin", password } });
    const error = await client.getJobSession("8").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error).toBeInstanceOf(VeeamAzureError);
    expect((error as Error).message).toContain("credentials.mfaCode");
    expect((error as Error).message).toContain("backupadmin");
    expect(forms().map((f) => f.grant_type)).toEqual(["Password"]);
    expect(bearers()).toEqual([]);
    for (const text of [
      (error as Error).message,
      (error as Error).stack,
      inspect(error, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(mfaToken);
      expect(text).not.toContain(password);
    }
  });

  it("asks a function once per login, for concurrent first calls too", async () => {
    mfaAppliance();
    const mfaCode = vi.fn(async () => code);
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode },
    });
    await Promise.all([client.getJobSession("8"), client.getJobSession("8"), client.getJobSession("8")]);
    await client.getJobSession("8");
    expect(mfaCode).toHaveBeenCalledOnce();
    expect(forms().map((f) => f.grant_type)).toEqual(["Password", "Mfa"]);
  });

  it("asks again for the re-login after the refresh token is refused, not for the refresh", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    mfaAppliance({ refreshRefused: true });
    const mfaCode = vi.fn(() => code);
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode },
    });
    await client.getJobSession("8");
    expect(mfaCode).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 3_600_000); // expired: the refresh is refused, and the login starts over
    await client.getJobSession("8");
    expect(mfaCode).toHaveBeenCalledTimes(2);
    expect(forms().map((f) => f.grant_type)).toEqual(["Password", "Mfa", "Refresh_token", "Password", "Mfa"]);
    expect(bearers()).toEqual(["Bearer access-1", "Bearer access-2"]);
  });

  it("does not ask for the code when the refresh succeeds", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    mfaAppliance();
    const mfaCode = vi.fn(() => code);
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode },
    });
    await client.getJobSession("8");
    vi.setSystemTime(Date.now() + 3_600_000);
    await client.getJobSession("8");
    expect(mfaCode).toHaveBeenCalledOnce();
    expect(forms().map((f) => f.grant_type)).toEqual(["Password", "Mfa", "Refresh_token"]);
  });

  it("never asks a user without MFA", async () => {
    server.handle((req, res) =>
      isToken(req.url) ? json(res, 200, tokens(1)) : json(res, 200, session("8", "Success")),
    );
    const mfaCode = vi.fn(() => code);
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode },
    });
    await client.getJobSession("8");
    expect(mfaCode).not.toHaveBeenCalled();
    expect(forms()).toEqual([{ grant_type: "Password", username: "backupadmin", password }]);
  });

  it("shows neither the challenge's token nor the code in a refused code's error, or in the client", async () => {
    mfaAppliance({ badCode: true });
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode: code },
    });
    const error = await client.getJobSession("8").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, traceId: "0HNMFA" });
    expect(forms().map((f) => f.grant_type)).toEqual(["Password", "Mfa"]);
    const texts = [
      (error as Error).message,
      (error as Error).stack,
      inspect(error, { depth: 20, showHidden: true }),
      inspect(client, { depth: 20, showHidden: true }),
    ];
    for (const text of texts) {
      expect(text).not.toContain(mfaToken);
      expect(text).not.toContain(code);
      expect(text).not.toContain(password);
    }
  });

  it("shows neither the code nor the tokens in the client once logged in", async () => {
    mfaAppliance();
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password, mfaCode: code },
    });
    await client.getJobSession("8");
    const text = inspect(client, { depth: 20, showHidden: true });
    for (const secret of [mfaToken, code, password, "access-1", "refresh-1"])
      expect(text).not.toContain(secret);
  });
});

describe("an error's trace id", () => {
  it("is the problem's traceId, as a property and in the message", async () => {
    server.handle((_req, res) =>
      json(res, 404, problem(404, "Not Found", "Job session '77' was not found.", "0HN7GQ3C5V1F2:00000002")),
    );
    const error = await createClient({ baseUrl: server.url, token: "t" })
      .getJobSession("77")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      "GET /api/v8.1/jobSessions/77: 404 Not Found - Job session '77' was not found. (trace 0HN7GQ3C5V1F2:00000002)",
    );
    expect(error).toMatchObject({
      status: 404,
      traceId: "0HN7GQ3C5V1F2:00000002",
      path: "/api/v8.1/jobSessions/77",
      pathTemplate: "/api/v8.1/jobSessions/{sessionId}",
    });
  });

  it("is undefined when the problem has none", async () => {
    server.handle((_req, res) => json(res, 403, { title: "Forbidden", status: 403 }));
    const error = await createClient({ baseUrl: server.url, token: "t" })
      .getSystemInfo()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, traceId: undefined });
    expect((error as Error).message).toBe("GET /api/v8.1/system/about: 403 Forbidden");
  });
});

describe("the token operation's answers never appear in an error", () => {
  const credentials = { username: "backupadmin", password: "test-only-password" };
  const secrets = ["SECRET-A", "SECRET-M"];
  /** Everything an error shows: its message, its stack, what util.inspect prints, and its cause. */
  const shown = (error: unknown) => [
    (error as Error).message,
    String((error as Error).stack),
    inspect(error, { depth: 20, showHidden: true }),
    inspect((error as Error).cause, { depth: 20, showHidden: true }),
  ];
  /** An appliance whose token operation answers 200 with `body` as `type`. */
  function tokenAnswers(type: string, body: string) {
    server.handle((req, res) => {
      if (req.url === "/api/oauth2/token") res.writeHead(200, { "content-type": type }).end(body);
      else json(res, 200, session("8", "Success"));
    });
  }

  it.each([["text/plain"], ["text/html; charset=utf-8"]])(
    "a 200 token answer as %s is an InvalidResponseError that does not quote it",
    async (type) => {
      tokenAnswers(
        type,
        '{"access_token":"SECRET-A","mfa_token":"SECRET-M","refresh_token":"SECRET-A","expires_in":3600}',
      );
      const client = createClient({ baseUrl: server.url, credentials, retry: false });
      const error = await client.getJobSession("8").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toMatch(
        /^POST \/api\/oauth2\/token: 200 with text\/\w+.* instead of JSON/,
      );
      for (const text of shown(error)) for (const secret of secrets) expect(text).not.toContain(secret);
      expect(server.received.map((r) => r.url)).toEqual(["/api/oauth2/token"]);
    },
  );

  // V8's SyntaxError quotes the text around the unexpected token: here, the secret.
  it.each([
    ['{"access_token":x"SECRET-A","mfa_token":"SECRET-M"}'],
    ['{"mfa_token":x"SECRET-M","access_token":"SECRET-A"}'],
  ])("a malformed JSON token answer (%s) is an InvalidResponseError with no cause", async (body) => {
    tokenAnswers("application/json", body);
    const client = createClient({ baseUrl: server.url, credentials, retry: false });
    const error = await client.getJobSession("8").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe("POST /api/oauth2/token: the response is not valid JSON");
    expect((error as Error).cause).toBeUndefined();
    for (const text of shown(error)) for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("another operation's answer is still quoted: text/plain in the message, malformed JSON's SyntaxError as cause", async () => {
    server.handle((_req, res, _body, index) =>
      index === 0
        ? res.writeHead(200, { "content-type": "text/plain" }).end("Maintenance: back at 10:00")
        : res.writeHead(200, { "content-type": "application/json" }).end('{"id":x"8"}'),
    );
    const client = createClient({ baseUrl: server.url, token: "t", retry: false });
    const plain = await client.getJobSession("8").catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(InvalidResponseError);
    expect((plain as Error).message).toBe(
      "GET /api/v8.1/jobSessions/8: 200 with text/plain instead of JSON (a proxy or login page?): Maintenance: back at 10:00",
    );
    const malformed = await client.getJobSession("8").catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(InvalidResponseError);
    expect((malformed as Error).cause).toBeInstanceOf(SyntaxError);
    expect((malformed as Error).message).toMatch(
      /^GET \/api\/v8\.1\/jobSessions\/8: the response is not valid JSON \(/,
    );
  });
});

describe("a job session whose id is empty", () => {
  const empty = { ...session("", "Running") };

  it("is an InvalidResponseError from getJobSession and from waitForJobSession, not a TypeError", async () => {
    server.handle((_req, res) => json(res, 200, empty));
    const client = createClient({ baseUrl: server.url, token: "t" });
    const read = await client.getJobSession("8").catch((e: unknown) => e);
    expect(read).toBeInstanceOf(InvalidResponseError);
    expect((read as Error).message).toBe(
      "GET /api/v8.1/jobSessions/8: the response is not a job session (no id or status)",
    );
    const waited = await client.waitForJobSession("8", { intervalMs: 1 }).catch((e: unknown) => e);
    expect(waited).toBeInstanceOf(InvalidResponseError);
    expect(waited).not.toBeInstanceOf(TypeError);
  });

  it.each([
    ["single", "vm-1"],
    ["batch", ["vm-1", "vm-2"]],
  ])(
    "is an InvalidResponseError from a %s delete's 202, before anything waits on it",
    async (_what, vmId) => {
      server.handle((_req, res) => json(res, 202, empty));
      const client = createClient({ baseUrl: server.url, token: "t" });
      const error = await client
        .deleteVirtualMachineSnapshots(vmId)
        .then((started) => (started ? client.waitForJobSession(started, { intervalMs: 1 }) : null))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(server.received.map((r) => r.method)).toEqual(["POST"]);
    },
  );
});
