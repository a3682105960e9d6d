// createClient's own contract: its options are checked before anything is sent, bad arguments fail before
// any request, and what it sends identifies the library.
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createClient, version } from "../../src/v1/index.js";
import {
  type FaultServer,
  jobSession,
  json,
  snapshotPage,
  startFaultServer,
} from "../helpers/faultServer.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

describe("createClient options", () => {
  it.each([
    [{ timeoutMs: 0 }, RangeError, /timeoutMs must be an integer from 1/],
    [{ timeoutMs: 1.5 }, RangeError, /timeoutMs/],
    [{ retry: { attempts: 0 } }, RangeError, /retry\.attempts must be an integer from 1/],
    [{ retry: { baseDelayMs: -1 } }, RangeError, /retry\.baseDelayMs/],
    [{ baseUrl: "not a url" }, TypeError, /is not a URL/],
    [{ baseUrl: "http://appliance.example.org" }, TypeError, /refusing plain http/],
  ])("refuses %o", (options, type, message) => {
    const create = () => createClient({ baseUrl: server.url, token: "t", ...options });
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });

  it("sends its name and version as the User-Agent, or the one given", async () => {
    server.handle((_req, res) => json(res, 200, jobSession("8", "Success")));
    await createClient({ baseUrl: server.url, token: "t" }).getJobSession("8");
    await createClient({ baseUrl: server.url, token: "t", userAgent: "ops-dashboard/2.0" }).getJobSession(
      "8",
    );
    expect(server.received.map((r) => r.headers["user-agent"])).toEqual([
      `veeam-azure-client/${version}`,
      "ops-dashboard/2.0",
    ]);
  });

  it("uses the fetch it is given", async () => {
    const fetch = vi.fn(async () => Response.json(jobSession("8", "Success")));
    await createClient({ baseUrl: "https://appliance.test", token: "t", fetch }).getJobSession("8");
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("reports the version of package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(version).toBe(pkg.version);
  });

  it("shows no secret when inspected", () => {
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "hunter2-secret" },
    });
    expect(inspect(client, { depth: 20, showHidden: true })).not.toContain("hunter2-secret");
  });
});

describe("bad arguments fail before any request", () => {
  const client = () => createClient({ baseUrl: server.url, token: "t" });

  it.each([
    ["", TypeError],
    ["..", TypeError],
    [".", TypeError],
    [42, TypeError],
  ])("deleteVirtualMachineSnapshots(%j)", async (vmId, type) => {
    await expect(client().deleteVirtualMachineSnapshots(vmId as string)).rejects.toBeInstanceOf(type);
    expect(server.received).toHaveLength(0);
  });

  it.each([[""], [null]])("getJobSession(%j)", async (id) => {
    await expect(client().getJobSession(id as string)).rejects.toBeInstanceOf(TypeError);
    expect(server.received).toHaveLength(0);
  });

  it.each([[{ offset: -1 }], [{ offset: 0.5 }], [{ limit: 0 }], [{ limit: Number.NaN }]])(
    "getVirtualMachineSnapshotsPage(%o)",
    async (options) => {
      await expect(client().getVirtualMachineSnapshotsPage(options)).rejects.toBeInstanceOf(RangeError);
      expect(server.received).toHaveLength(0);
    },
  );

  it.each([[{ pageSize: 0 }], [{ pageSize: -3 }], [{ pageSize: 2.5 }], [{ concurrency: 0 }]])(
    "listVirtualMachineSnapshots(%o) throws at once",
    (options) => {
      expect(() => client().listVirtualMachineSnapshots(options)).toThrow(RangeError);
    },
  );

  it("byPage() refuses a bad page size before any request", async () => {
    const pages = client().listVirtualMachineSnapshots().byPage({ pageSize: -1 });
    await expect(pages.next()).rejects.toBeInstanceOf(RangeError);
    expect(server.received).toHaveLength(0);
  });
});

describe("listing through a real connection", () => {
  it("pages with offset and limit in the query", async () => {
    server.handle((req, res) => {
      const query = new URL(req.url ?? "", server.url).searchParams;
      const offset = Number(query.get("offset"));
      json(res, 200, snapshotPage(offset, Number(query.get("limit")), Math.max(0, Math.min(2, 5 - offset))));
    });
    const names: string[] = [];
    for await (const vm of createClient({ baseUrl: server.url, token: "t" }).listVirtualMachineSnapshots({
      pageSize: 2,
    })) {
      names.push(vm.name);
    }
    expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
    // Two requests in flight by default: the page at offset 6, asked for before the short page at 4 arrived, is
    // dropped; the listing ends on the empty page right after the last item (offset 5).
    const urls = server.received.map((r) => r.url).filter((url) => !url.includes("offset=6&"));
    expect(urls.sort()).toEqual([
      "/api/v1/virtualMachineSnapshots?offset=0&limit=2",
      "/api/v1/virtualMachineSnapshots?offset=2&limit=2",
      "/api/v1/virtualMachineSnapshots?offset=4&limit=2",
      "/api/v1/virtualMachineSnapshots?offset=5&limit=2",
    ]);
    expect(server.received.length).toBeLessThanOrEqual(5);
  });

  it("asks for one page at a time with concurrency 1", async () => {
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("offset"));
      json(res, 200, snapshotPage(offset, 2, Math.max(0, Math.min(2, 5 - offset))));
    });
    const client = createClient({ baseUrl: server.url, token: "t" });
    for await (const _ of client.listVirtualMachineSnapshots({ pageSize: 2, concurrency: 1 })) {
      // every request so far has been answered before the next is sent
    }
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/v1/virtualMachineSnapshots?offset=0&limit=2",
      "/api/v1/virtualMachineSnapshots?offset=2&limit=2",
      "/api/v1/virtualMachineSnapshots?offset=4&limit=2",
      "/api/v1/virtualMachineSnapshots?offset=5&limit=2",
    ]);
  });
});
