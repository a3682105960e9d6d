// The version-neutral client (bindClient) over an in-memory appliance: what a binding lacks is a TypeError naming
// it before any request, and everything the client sends or accepts comes from the binding (paths, query names,
// page size, the job session's parameter, 204 handling, the statuses that end a session).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { VersionBinding } from "../../src/core/binding.js";
import { bindClient } from "../../src/core/client.js";
import { connect } from "../../src/core/connection.js";
import { ApiError, InvalidResponseError, JobSessionError } from "../../src/core/errors.js";
import type { Fetch } from "../../src/core/fetchTransport.js";
import { v1Binding } from "../../src/v1/bindings.js";
import { currentBinding } from "../../src/v8_1/bindings.js";

/** An appliance in memory: answers every request with `answer()`, and records what it was asked. */
function appliance(answer: (url: URL) => Response = () => Response.json({ id: "8", status: "Success" })) {
  const requests: { method: string; url: URL; body: string }[] = [];
  const fetch = vi.fn<Fetch>(async (url, init) => {
    requests.push({ method: init.method ?? "GET", url: new URL(url), body: String(init.body ?? "") });
    return answer(new URL(url));
  });
  const connection = connect({ baseUrl: "https://appliance.test", token: "t", fetch });
  return { connection, requests, fetch };
}
const bind = (binding: VersionBinding, answer?: (url: URL) => Response) => {
  const { connection, requests, fetch } = appliance(answer);
  return { client: bindClient(connection, binding), connection, requests, fetch };
};
const asBinding = (binding: unknown) => binding as VersionBinding;
/** The v8.1 binding without some of its paths. */
const without = (...missing: (keyof VersionBinding["paths"])[]) => {
  const binding = currentBinding("v8.1");
  const paths = { ...binding.paths };
  for (const key of missing) delete paths[key];
  return asBinding({ ...binding, paths });
};

const needsV6 = 'it needs API v6 or later (apiVersion "v8.1", say)';

describe("what the v1 binding lacks", () => {
  const { client, requests } = bind(asBinding(v1Binding));
  afterEach(() => {
    expect(requests).toHaveLength(0);
  });

  it("names its version", () => {
    expect(client.apiVersion).toBe("v1");
  });

  it.each([[{ vmId: "vm-1" }], [{ restorePointId: "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a" }]])(
    "list filters %o",
    async (filters) => {
      const message = `API v1 has no list filters (vmId, restorePointId); ${needsV6}`;
      await expect(client.getVirtualMachineSnapshotsPage(filters)).rejects.toThrow(new TypeError(message));
      expect(() => client.listVirtualMachineSnapshots(filters)).toThrow(new TypeError(message));
    },
  );

  it("a batch delete", async () => {
    await expect(client.deleteVirtualMachineSnapshots(["vm-1"])).rejects.toThrow(
      new TypeError(`API v1 has no batch delete (an array of vmIds); ${needsV6}`),
    );
  });

  it("a manual-only delete", async () => {
    await expect(client.deleteVirtualMachineSnapshots("vm-1", { manualOnly: true })).rejects.toThrow(
      new TypeError(`API v1 has no manual-only delete; ${needsV6}`),
    );
  });

  it("system/about", async () => {
    await expect(client.getSystemInfo()).rejects.toThrow(
      new TypeError(`API v1 has no system/about (getSystemInfo); ${needsV6}`),
    );
  });

  it("refuses an array as a batch delete, even an empty one", async () => {
    await expect(client.deleteVirtualMachineSnapshots([])).rejects.toThrow(/API v1 has no batch delete/);
  });
});

describe.each(["v6", "v7", "v8", "v8.1"] as const)("the %s binding", (apiVersion) => {
  it("lacks nothing: every capability reaches the appliance under its prefix", async () => {
    const { client, requests } = bind(currentBinding(apiVersion) as unknown as VersionBinding, (url) =>
      url.pathname.endsWith("/snapshots")
        ? Response.json({ offset: 0, limit: 1, totalCount: 0, results: [] })
        : Response.json({ id: "8", status: "Running", serverVersion: "8.1" }),
    );
    expect(client.apiVersion).toBe(apiVersion);
    await client.getVirtualMachineSnapshotsPage({
      vmId: "vm-1",
      restorePointId: "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a",
    });
    await client.deleteVirtualMachineSnapshots(["vm-1"]);
    await client.deleteVirtualMachineSnapshots(["vm-1"], { manualOnly: true });
    await client.deleteVirtualMachineSnapshots("vm-1", { manualOnly: true });
    await client.getSystemInfo();
    const prefix = `/api/${apiVersion}`;
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      `GET ${prefix}/restorePoints/virtualMachines/snapshots`,
      `POST ${prefix}/protectedItem/virtualMachines/deleteSnapshots`,
      `POST ${prefix}/protectedItem/virtualMachines/deleteManualSnapshots`,
      `POST ${prefix}/protectedItem/virtualMachines/vm-1/deleteManualSnapshots`,
      `GET ${prefix}/system/about`,
    ]);
  });
});

describe("a binding without system/about", () => {
  it("refuses getSystemInfo, naming its version, before any request", async () => {
    for (const binding of [
      without("systemInfo"),
      asBinding({ ...currentBinding("v8.1"), systemInfoShape: undefined }),
    ]) {
      const { client, requests } = bind(binding);
      await expect(client.getSystemInfo()).rejects.toThrow(
        new TypeError(`API v8.1 has no system/about (getSystemInfo); ${needsV6}`),
      );
      expect(requests).toHaveLength(0);
    }
  });
});

describe("the client speaks only through its binding", () => {
  // A made-up version: its own paths, query names, page size, session parameter and statuses.
  const custom = () =>
    asBinding({
      ...currentBinding("v8.1"),
      paths: {
        list: "/custom/list",
        jobSession: "/custom/sessions/{key}",
      },
      checkFilters: (filters: { vmId?: string }) => filters,
      deleteRequest: (vmId: string) => ({ path: "/custom/vms/{id}/delete", params: { path: { id: vmId } } }),
      jobSessionParameter: "key",
      defaultPageSize: 7,
      listQuery: (offset: number, limit: number, filters: { vmId?: string }) => ({
        from: offset,
        count: limit,
        ...(filters.vmId ? { vm: filters.vmId } : {}),
      }),
      noContentOnDelete: false,
      sessionOutcomes: { succeeded: new Set(["Done"]), failed: new Set(["Broken"]) },
    });

  it("builds the list's query with the binding's names and page size", async () => {
    const { client, requests } = bind(custom(), () => Response.json({ offset: 0, limit: 7, results: [] }));
    await client.getVirtualMachineSnapshotsPage({ vmId: "vm-1" });
    for await (const _ of client.listVirtualMachineSnapshots()) {
      // empty
    }
    expect(requests.map((r) => `${r.url.pathname}${r.url.search}`)).toEqual([
      "/custom/list?from=0&count=7&vm=vm-1",
      "/custom/list?from=0&count=7",
    ]);
  });

  it("fills the job session path's parameter the binding names", async () => {
    const { client, requests } = bind(custom());
    await client.getJobSession("a b");
    expect(requests.map((r) => r.url.pathname)).toEqual(["/custom/sessions/a%20b"]);
  });

  it("ends a wait on the binding's statuses alone", async () => {
    vi.useFakeTimers();
    try {
      const statuses = ["Success", "Error", "Done"];
      const { client, requests } = bind(custom(), () =>
        Response.json({ id: "8", status: statuses.shift() ?? "Done" }),
      );
      const pending = client.waitForJobSession({ id: "8", status: "Running" }, { intervalMs: 10 });
      await vi.advanceTimersByTimeAsync(100);
      await expect(pending).resolves.toMatchObject({ status: "Done" });
      expect(requests).toHaveLength(3);
      const failing = bind(custom(), () => Response.json({ id: "8", status: "Broken" })).client;
      const failed = failing.waitForJobSession("8", { intervalMs: 10 });
      const settled = expect(failed).rejects.toBeInstanceOf(JobSessionError);
      await vi.advanceTimersByTimeAsync(100);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes a 204 for nothing to delete only where the binding says so", async () => {
    const noContent = () => new Response(null, { status: 204 });
    await expect(
      bind(custom(), noContent).client.deleteVirtualMachineSnapshots("vm-1"),
    ).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(
      bind(
        currentBinding("v8.1") as unknown as VersionBinding,
        noContent,
      ).client.deleteVirtualMachineSnapshots("vm-1"),
    ).resolves.toBeNull();
  });

  it("sends the delete the binding makes, after the client's own check of manualOnly", async () => {
    const { client, requests } = bind(custom());
    await client.deleteVirtualMachineSnapshots("vm 1");
    await expect(
      client.deleteVirtualMachineSnapshots("vm-1", { manualOnly: "yes" as never }),
    ).rejects.toThrow(new TypeError("manualOnly must be true or false"));
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(["POST /custom/vms/vm%201/delete"]);
  });

  it("hands out the connection's typed transport as `api`", () => {
    const { client, connection } = bind(custom());
    expect(client.api).toBe(connection.api);
  });
});

describe("waitForJobSession's own checks", () => {
  let bound: ReturnType<typeof bind>;
  beforeEach(() => {
    bound = bind(currentBinding("v8.1") as unknown as VersionBinding);
  });

  it.each([
    ["an object without a status", { id: "8" }],
    ["an object without an id", { status: "Running" }],
    ["a number", 8],
  ])("refuses %s with a TypeError, before any request", async (_what, value) => {
    await expect(bound.client.waitForJobSession(value as never)).rejects.toThrow(
      "waitForJobSession needs a job session (with an id and status) or an id",
    );
    expect(bound.requests).toHaveLength(0);
  });

  it("refuses a session with an empty id, or one no path can hold", async () => {
    await expect(bound.client.waitForJobSession({ id: "", status: "Running" })).rejects.toThrow(
      "waitForJobSession needs a job session (with an id and status) or an id",
    );
    await expect(bound.client.waitForJobSession({ id: "..", status: "Running" })).rejects.toThrow(
      /session id "\.\." is not an id/,
    );
    expect(bound.requests).toHaveLength(0);
  });

  it("refuses null with a TypeError that explains the 204", async () => {
    await expect(bound.client.waitForJobSession(null as never)).rejects.toThrow(
      "waitForJobSession got null: the delete answered 204 (nothing to delete), so there is no session to wait for",
    );
    expect(bound.requests).toHaveLength(0);
  });
});

describe("the client's checks of its arguments name the argument, before any request", () => {
  const range = (name: string, min: number, got: number) =>
    new RangeError(`${name} must be an integer from ${min} to ${2 ** 31 - 1}, got ${got}`);
  let bound: ReturnType<typeof bind>;
  beforeEach(() => {
    bound = bind(currentBinding("v8.1") as unknown as VersionBinding);
  });
  afterEach(() => {
    expect(bound.requests).toHaveLength(0);
  });

  it("offset and limit of a page", async () => {
    await expect(bound.client.getVirtualMachineSnapshotsPage({ offset: -1 })).rejects.toThrow(
      range("offset", 0, -1),
    );
    await expect(bound.client.getVirtualMachineSnapshotsPage({ limit: 0 })).rejects.toThrow(
      range("limit", 1, 0),
    );
  });

  it("pageSize and concurrency of a listing", () => {
    expect(() => bound.client.listVirtualMachineSnapshots({ pageSize: 0 })).toThrow(range("pageSize", 1, 0));
    expect(() => bound.client.listVirtualMachineSnapshots({ concurrency: 0 })).toThrow(
      range("concurrency", 1, 0),
    );
  });

  it("the pageSize given to byPage()", async () => {
    const pages = bound.client.listVirtualMachineSnapshots().byPage({ pageSize: 0 });
    await expect(pages.next()).rejects.toThrow(range("pageSize", 1, 0));
  });

  it("intervalMs and timeoutMs of a wait", async () => {
    const session = { id: "8", status: "Running" };
    await expect(bound.client.waitForJobSession(session, { intervalMs: -1 })).rejects.toThrow(
      range("intervalMs", 0, -1),
    );
    await expect(bound.client.waitForJobSession(session, { timeoutMs: 0 })).rejects.toThrow(
      range("timeoutMs", 1, 0),
    );
  });

  it("the id of a job session", async () => {
    await expect(bound.client.getJobSession("")).rejects.toThrow(
      new TypeError('id must be a non-empty string, got ""'),
    );
  });
});

describe("the caller's signal", () => {
  const calls: [
    string,
    (client: ReturnType<typeof bind>["client"], signal?: AbortSignal) => Promise<unknown>,
  ][] = [
    ["getJobSession", (client, signal) => client.getJobSession("8", { signal })],
    ["getVirtualMachineSnapshotsPage", (client, signal) => client.getVirtualMachineSnapshotsPage({ signal })],
    [
      "deleteVirtualMachineSnapshots",
      (client, signal) => client.deleteVirtualMachineSnapshots("vm-1", { signal }),
    ],
    ["getSystemInfo", (client, signal) => client.getSystemInfo({ signal })],
  ];

  it.each(calls)(
    "reaches the request of %s: aborted, it rejects with its reason and sends nothing",
    async (_name, call) => {
      const { client, requests } = bind(currentBinding("v8.1") as unknown as VersionBinding);
      const reason = new Error("stop");
      await expect(call(client, AbortSignal.abort(reason))).rejects.toBe(reason);
      expect(requests).toHaveLength(0);
    },
  );

  it.each(calls)("is not needed by %s: without one the request goes out", async (_name, call) => {
    const { client, requests } = bind(currentBinding("v8.1") as unknown as VersionBinding, (url) =>
      url.pathname.endsWith("/snapshots")
        ? Response.json({ offset: 0, limit: 100, results: [] })
        : Response.json({ id: "8", status: "Running", serverVersion: "8.1" }),
    );
    await call(client);
    expect(requests).toHaveLength(1);
  });

  it("reaches each poll of waitForJobSession: an abort during a poll aborts its request with the reason", async () => {
    let pollSent = () => {};
    const polling = new Promise<void>((resolve) => {
      pollSent = resolve;
    });
    const fetch = vi.fn<Fetch>(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
          pollSent();
        }),
    );
    // A short time limit, so that a poll the caller cannot abort ends anyway.
    const connection = connect({
      baseUrl: "https://appliance.test",
      token: "t",
      fetch,
      timeoutMs: 500,
      retry: false,
    });
    const client = bindClient(connection, currentBinding("v8.1") as unknown as VersionBinding);
    const controller = new AbortController();
    const waiting = client.waitForJobSession(
      { id: "8", status: "Running" },
      { intervalMs: 0, signal: controller.signal },
    );
    const settled = waiting.catch((error: unknown) => error);
    await polling;
    const reason = new Error("stop waiting");
    controller.abort(reason);
    expect(fetch.mock.calls[0]?.[1].signal?.reason).toBe(reason);
    await expect(settled).resolves.toBe(reason);
  });
});

describe("the ApiError of a failing call names its operation", () => {
  const notFound = () => Response.json({ title: "Not Found" }, { status: 404 });
  const client = () => bind(currentBinding("v8.1") as unknown as VersionBinding, notFound).client;

  it.each([
    [
      "a page of the list",
      () => client().getVirtualMachineSnapshotsPage(),
      "GET",
      "/api/v8.1/restorePoints/virtualMachines/snapshots",
    ],
    [
      "a listing",
      () => client().listVirtualMachineSnapshots().next(),
      "GET",
      "/api/v8.1/restorePoints/virtualMachines/snapshots",
    ],
    [
      "a delete",
      () => client().deleteVirtualMachineSnapshots("vm-1"),
      "POST",
      "/api/v8.1/protectedItem/virtualMachines/{id}/deleteSnapshots",
    ],
    ["system/about", () => client().getSystemInfo(), "GET", "/api/v8.1/system/about"],
  ])("%s: its method and path template", async (_what, call, method, pathTemplate) => {
    const error = await call().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ method, pathTemplate, status: 404 });
    expect((error as ApiError).message).toMatch(new RegExp(`^${method} /api/v8\\.1/`));
  });
});
