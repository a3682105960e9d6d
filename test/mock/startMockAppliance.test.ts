// The stateful mock appliance as a server, end to end: the real appliance behind node:http, driven by the client
// and by the control routes over HTTP as a test in another language would, with the connection faults that need
// a real socket.
import { createServer } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NetworkError } from "../../src/core/errors.js";
import { createClient } from "../../src/index.js";
import { createMockAppliance } from "../../src/mock/appliance.js";
import { PortInUseError } from "../../src/mock/portInUseError.js";
import { type MockServer, serveMockAppliance, startMockAppliance } from "../../src/mock/server.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const bearer = { authorization: "Bearer any" };

// The real appliance served as startMockAppliance serves it, telling the test of each API request that reaches
// it (the control routes' do not), so that a test can act once a request is in.
async function servedWithArrivals() {
  const appliance = await createMockAppliance();
  const requests: Request[] = [];
  let notify = () => {};
  server = await serveMockAppliance(
    {
      ...appliance,
      handle(request) {
        requests.push(request);
        notify();
        return appliance.handle(request);
      },
    },
    { port: 0 },
  );
  const arrived = async () => {
    while (requests.length === 0) await new Promise<void>((resolve) => (notify = resolve));
    return requests.shift() as Request;
  };
  return { arrived };
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server?.url}/_mock/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("startMockAppliance", () => {
  it("serves the product's versions on 127.0.0.1, its inventory paging to the end through the client", async () => {
    server = await startMockAppliance({ port: 0, product: "8.1", snapshots: 500 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.apiVersions).toEqual(["v8.1", "v8", "v7", "v6"]);
    const client = createClient({ baseUrl: server.url, token: "any" });
    const names: string[] = [];
    for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 100 })) names.push(vm.name ?? "");
    expect(names).toHaveLength(500);
    expect(names[0]).toBe("test-linux"); // the seed example's VM comes first
    expect(new Set(names).size).toBeGreaterThan(1);
    const v1 = await fetch(`${server.url}/api/v1/virtualMachineSnapshots`, { headers: bearer });
    expect(v1.status).toBe(404); // product 8.1 serves no v1
  });

  it("lets the control routes drive it: a deletion's session ends once the clock is advanced", async () => {
    server = await startMockAppliance({ port: 0, snapshots: 3, jobDurationMs: 60_000 });
    const client = createClient({ baseUrl: server.url, token: "any" });
    const [vm] = (await client.getVirtualMachineSnapshotsPage()).results;
    const session = await client.deleteVirtualMachineSnapshots(vm?.vmId ?? "");
    if (!session) throw new Error("the deletion started no job session");
    expect((await control("GET", "sessions")).body).toMatchObject([{ id: session.id, status: "Running" }]);
    const before = Date.parse((await control("GET", "clock")).body.now);
    const advanced = await control("POST", "clock/advance", { ms: 60_000 });
    expect(Date.parse(advanced.body.now) - before).toBeGreaterThanOrEqual(60_000);
    expect((await client.getJobSession(session.id ?? "")).status).toBe("Success");
    expect((await control("GET", "sessions")).body).toMatchObject([{ id: session.id, status: "Success" }]);
    expect((await control("GET", "snapshots/count")).body).toEqual({ count: 2 });
    expect((await control("GET", "snapshots")).body).toHaveLength(2);
    expect((await control("GET", "errors")).body).toEqual([]);
  });

  it("resets over POST /_mock/reset, with a new inventory size", async () => {
    server = await startMockAppliance({ port: 0, snapshots: 3 });
    expect((await control("POST", "reset", { snapshots: 40, seed: 7 })).status).toBe(204);
    const client = createClient({ baseUrl: server.url, token: "any" });
    expect((await client.getVirtualMachineSnapshotsPage({ limit: 100 })).results).toHaveLength(40);
    expect(server.control.snapshotCount()).toBe(40);
  });

  it("breaks the connection mid-body for a reset fault: the client sees a NetworkError, then the fault is spent", async () => {
    server = await startMockAppliance({ port: 0 });
    const added = await control("POST", "faults", { operation: "getSystemInfo", kind: "reset", times: 1 });
    expect(added).toEqual({ status: 201, body: { id: "1" } });
    const client = createClient({ baseUrl: server.url, token: "any", retry: false });
    const error = await client.getSystemInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    await expect(client.getSystemInfo()).resolves.toMatchObject({ serverVersion: "8.1.0.32" });
  });

  it("breaks the connection before the answer for a reset fault on an answer with no body (204)", async () => {
    server = await startMockAppliance({ port: 0, jobDurationMs: 0 });
    const client = createClient({ baseUrl: server.url, token: "any", retry: false });
    const vmId = server.control.snapshots()[0]?.vmId as string;
    await client.deleteVirtualMachineSnapshots(vmId); // gone now: the next delete is a 204
    await control("POST", "faults", {
      operation: "deleteVirtualMachineSnapshots",
      kind: "reset",
      times: 1,
    });
    const error = await client.deleteVirtualMachineSnapshots(vmId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    await expect(client.deleteVirtualMachineSnapshots(vmId)).resolves.toBeNull();
  });

  it("answers 404 for removing a fault by id once it is spent", async () => {
    server = await startMockAppliance({ port: 0 });
    const { body } = await control("POST", "faults", { operation: "getSystemInfo", status: 503, times: 1 });
    expect((await fetch(`${server.url}/api/v8.1/system/about`, { headers: bearer })).status).toBe(503);
    expect((await control("DELETE", `faults/${body.id}`)).status).toBe(404);
  });

  it("answers the status of a status fault until it is removed by id", async () => {
    server = await startMockAppliance({ port: 0 });
    const { body } = await control("POST", "faults", {
      operation: "getSystemInfo",
      status: 503,
      retryAfter: 1,
    });
    const faulted = await fetch(`${server.url}/api/v8.1/system/about`, { headers: bearer });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("1");
    expect((await control("DELETE", `faults/${body.id}`)).status).toBe(204);
    expect((await fetch(`${server.url}/api/v8.1/system/about`, { headers: bearer })).status).toBe(200);
  });

  it("refuses a fault the appliance cannot arm with a 400 that says why", async () => {
    server = await startMockAppliance({ port: 0 });
    const refused = await control("POST", "faults", { operation: "listSnapshot", status: 500 });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(
      /^POST \/_mock\/faults: control\.fault: operation must be "\*" or an operationId of the specs \(.*listVirtualMachineSnapshots/,
    );
  });

  it("holds a request with a hang fault, answering others meanwhile, until the client aborts", async () => {
    const { arrived } = await servedWithArrivals();
    await control("POST", "faults", { operation: "getSystemInfo", kind: "hang", times: 1 });
    const controller = new AbortController();
    const hung = fetch(`${server?.url}/api/v8.1/system/about`, {
      headers: bearer,
      signal: controller.signal,
    });
    let settled = false;
    hung.then(
      () => (settled = true),
      () => (settled = true),
    );
    const request = await arrived();
    // A request after it is answered (the fault was spent on the first); the hung one still is not.
    expect((await fetch(`${server?.url}/api/v8.1/system/about`, { headers: bearer })).status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(hung).rejects.toMatchObject({ name: "AbortError" });
    await vi.waitFor(() => expect(request.signal.aborted).toBe(true));
  });

  it("close() ends a hung request and stops listening", async () => {
    const { arrived } = await servedWithArrivals();
    await control("POST", "faults", { operation: "*", kind: "hang" });
    const hung = fetch(`${server?.url}/api/v8.1/system/about`, { headers: bearer });
    hung.catch(() => {});
    const request = await arrived();
    await server?.close();
    await expect(hung).rejects.toThrow(TypeError);
    expect(request.signal.aborted).toBe(true);
    await expect(fetch(`${server?.url}/_mock/clock`)).rejects.toThrow(TypeError);
  });

  it("revokes tokens over POST /_mock/tokens/revoke", async () => {
    server = await startMockAppliance({ port: 0, users: [{ username: "backupadmin", password: "s3cret" }] });
    const login = await fetch(`${server.url}/api/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "Password", username: "backupadmin", password: "s3cret" }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const about = () =>
      fetch(`${server?.url}/api/v8.1/system/about`, { headers: { authorization: `Bearer ${token}` } });
    expect((await about()).status).toBe(200);
    expect((await control("POST", "tokens/revoke")).status).toBe(204);
    expect((await about()).status).toBe(401);
  });

  it("refuses a port in use with a PortInUseError", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(startMockAppliance({ port })).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses a bad port and bad appliance options before listening", async () => {
    await expect(startMockAppliance({ port: 70_000 })).rejects.toThrow(RangeError);
    await expect(startMockAppliance({ port: 0, snapshots: -1 })).rejects.toThrow(
      "createMockAppliance: snapshots must be a whole number >= 0, got -1",
    );
  });
});
