// The stateful mock appliance in this process: what a test author relies on (README, "Testing your code against
// the mock"). Requests go through the mock's own `fetch`, and through the real client where that is the point.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../../src/createClient.js";
import { detectApiVersion } from "../../src/detectApiVersion.js";
import { createMockAppliance, MockResponseError } from "../../src/mock/appliance.js";
import type { MockVm } from "../../src/mock/types.js";
import { loadSpec } from "../helpers/spec.js";

const origin = "https://appliance.test";
const bearer = { authorization: "Bearer x" };
const listPath = "/api/v8.1/restorePoints/virtualMachines/snapshots";

type Mock = Awaited<ReturnType<typeof createMockAppliance>>;

async function get(mock: Mock, path: string, headers: Record<string, string> = bearer) {
  const response = await mock.fetch(`${origin}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function post(mock: Mock, path: string, body?: unknown, headers: Record<string, string> = bearer) {
  const response = await mock.fetch(`${origin}${path}`, {
    method: "POST",
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function login(mock: Mock, fields: Record<string, string>) {
  const response = await mock.fetch(`${origin}/api/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: await response.json() };
}

const vmIds = (page: { results: { vmId: string }[] }) => page.results.map((vm) => vm.vmId);

afterEach(() => {
  vi.useRealTimers();
});

describe("the inventory", () => {
  it("is by default the seed example's VM alone, in every version's model", async () => {
    const mock = await createMockAppliance();
    const spec = loadSpec("v8.1");
    const seedPage = spec.components.examples.VirtualMachineSnapshotsPageSeed.value;
    const v81 = await get(mock, listPath);
    expect(v81.body.results).toEqual(seedPage.results);
    expect(v81.body.totalCount).toBe(1);
    const v1 = await get(mock, "/api/v1/virtualMachineSnapshots");
    const v1Seed = loadSpec("v1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
    // v1 names a disk's name `name` (v8.1: `diskName`) and has no v8.1-only fields.
    expect(v1.body.results[0].osDisk).toEqual(v1Seed.osDisk);
    expect(v1.body.results[0].vmId).toBe(v1Seed.vmId);
    expect(v1.body.results[0]).not.toHaveProperty("totalCount");
  });

  it("is the seed example's VM on a v1-only appliance too: in v1's model as listed, in v8.1's as kept", async () => {
    const mock = await createMockAppliance({ product: "1.0" });
    const v1Seed = loadSpec("v1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
    const [listed] = (await get(mock, "/api/v1/virtualMachineSnapshots")).body.results;
    // The v1 spec's example is in v1's model (a disk's `name`); the inventory keeps v8.1's (`diskName`).
    expect(listed.osDisk).toEqual(v1Seed.osDisk);
    expect(listed.dataDisks).toEqual(v1Seed.dataDisks);
    expect(mock.control.snapshots()[0]?.osDisk).toEqual({
      diskId: v1Seed.osDisk.diskId,
      diskName: v1Seed.osDisk.name,
    });
  });

  it("generates the same VMs for the same seed, other VMs for another, the seed example's VM first", async () => {
    const one = await createMockAppliance({ snapshots: 50, seed: 7 });
    const same = await createMockAppliance({ snapshots: 50, seed: 7 });
    const other = await createMockAppliance({ snapshots: 50, seed: 8 });
    const ids = one.control.snapshots().map((vm) => vm.vmId);
    expect(new Set(ids).size).toBe(50);
    expect(same.control.snapshots()).toEqual(one.control.snapshots());
    expect(other.control.snapshots().slice(1)).not.toEqual(one.control.snapshots().slice(1));
    expect(ids[0]).toBe(
      loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0].vmId,
    );
  });

  it("takes VMs in the v8.1 model, each recording whether its snapshots were taken manually", async () => {
    const seedVm = loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
    const vms: MockVm[] = [
      { ...seedVm, vmId: "vm-a", name: "a" },
      { ...seedVm, vmId: "vm-b", name: "b", manual: true },
    ];
    const mock = await createMockAppliance({ snapshots: vms });
    expect(mock.control.snapshots().map((vm) => [vm.vmId, vm.manual])).toEqual([
      ["vm-a", false],
      ["vm-b", true],
    ]);
    // `manual` is the mock's own record, not part of the API's shape.
    expect((await get(mock, listPath)).body.results[0]).not.toHaveProperty("manual");
  });
});

describe("listing", () => {
  it("honours Offset and Limit on v6+ and counts everything in totalCount", async () => {
    const mock = await createMockAppliance({ snapshots: 250 });
    const all = mock.control.snapshots().map((vm) => vm.vmId);
    const page = await get(mock, `${listPath}?Offset=30&Limit=7`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ offset: 30, limit: 7, totalCount: 250 });
    expect(vmIds(page.body)).toEqual(all.slice(30, 37));
    expect((await get(mock, `${listPath}?Offset=248&Limit=7`)).body.results).toHaveLength(2);
    expect((await get(mock, `${listPath}?Offset=250`)).body.results).toEqual([]);
    const first = await get(mock, listPath);
    expect(first.body.limit).toBe(100);
    expect(vmIds(first.body)).toEqual(all.slice(0, 100));
  });

  it("honours v1's lower-case offset and limit, 30 by default, with no totalCount", async () => {
    const mock = await createMockAppliance({ snapshots: 100 });
    const all = mock.control.snapshots().map((vm) => vm.vmId);
    const first = await get(mock, "/api/v1/virtualMachineSnapshots");
    expect(first.body).toMatchObject({ offset: 0, limit: 30 });
    expect(first.body).not.toHaveProperty("totalCount");
    expect(vmIds(first.body)).toEqual(all.slice(0, 30));
    expect(vmIds((await get(mock, "/api/v1/virtualMachineSnapshots?offset=95&limit=10")).body)).toEqual(
      all.slice(95),
    );
  });

  it("caps a large Limit (and -1, all) at pageCap and says so in the page's limit", async () => {
    const mock = await createMockAppliance({ snapshots: 40, pageCap: 25 });
    for (const limit of [100_000, -1]) {
      const page = await get(mock, `${listPath}?Limit=${limit}`);
      expect(page.body.limit).toBe(25);
      expect(page.body.results).toHaveLength(25);
    }
    expect((await get(mock, "/api/v1/virtualMachineSnapshots?limit=100000")).body.limit).toBe(25);
  });

  it("filters by VirtualMachineId and RestorePointId, totalCount counting the matches", async () => {
    const mock = await createMockAppliance({ snapshots: 60 });
    const vm = mock.control.snapshots()[17] as MockVm;
    const restorePoint = vm._links?.restorepoint?.href?.split("/").pop() as string;
    const byVm = await get(mock, `${listPath}?VirtualMachineId=${vm.vmId}`);
    expect(byVm.body).toMatchObject({ totalCount: 1, results: [{ vmId: vm.vmId }] });
    const byPoint = await get(mock, `${listPath}?RestorePointId=${restorePoint}`);
    expect(vmIds(byPoint.body)).toEqual([vm.vmId]);
    const both = await get(mock, `${listPath}?RestorePointId=${restorePoint}&VirtualMachineId=${vm.vmId}`);
    expect(both.body.totalCount).toBe(1);
    const other = mock.control.snapshots()[3] as MockVm;
    const neither = await get(
      mock,
      `${listPath}?RestorePointId=${restorePoint}&VirtualMachineId=${other.vmId}`,
    );
    expect(neither.body).toMatchObject({ totalCount: 0, results: [] });
    const unknown = await get(mock, `${listPath}?VirtualMachineId=nope`);
    expect(unknown.body).toMatchObject({ totalCount: 0, results: [] });
  });

  it("pages through a large generated inventory with the client, every VM once", async () => {
    const mock = await createMockAppliance({ snapshots: 2_345, seed: 3 });
    const client = createClient({ baseUrl: origin, fetch: mock.fetch, token: "x" });
    const seen: string[] = [];
    for await (const vm of client.listVirtualMachineSnapshots()) seen.push(vm.vmId ?? "");
    expect(seen).toEqual(mock.control.snapshots().map((vm) => vm.vmId));
    expect(mock.control.errors()).toEqual([]);
  });
});

describe("deleting snapshots", () => {
  it("starts a Running session that ends Success after jobDurationMs, after which the VM is gone", async () => {
    const mock = await createMockAppliance({ snapshots: 5, clock: "manual", jobDurationMs: 2_000 });
    const vm = mock.control.snapshots()[2] as MockVm;
    const started = await post(mock, `/api/v8.1/protectedItem/virtualMachines/${vm.vmId}/deleteSnapshots`);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      id: "1",
      type: "SnapshotDeletion",
      status: "Running",
      executionStopTime: null,
    });
    mock.control.advance(1_999);
    expect((await get(mock, "/api/v8.1/jobSessions/1")).body.status).toBe("Running");
    expect(mock.control.snapshotCount()).toBe(5);
    mock.control.advance(1);
    const ended = await get(mock, "/api/v8.1/jobSessions/1");
    expect(ended.body).toMatchObject({ status: "Success", executionDuration: "00:00:02.0000000" });
    expect(mock.control.snapshots().map((v) => v.vmId)).not.toContain(vm.vmId);
    expect((await get(mock, listPath)).body.totalCount).toBe(4);
    expect(mock.control.sessions()).toEqual([
      expect.objectContaining({ id: "1", status: "Success", vmIds: [vm.vmId] }),
    ]);
  });

  it("answers v1 with 200 and the session, and a VM already gone with 404 (v1) or 204 (v6+)", async () => {
    const mock = await createMockAppliance({ snapshots: 3, jobDurationMs: 0 });
    const vm = mock.control.snapshots()[1] as MockVm;
    const v1 = await post(mock, `/api/v1/virtualMachines/${vm.vmId}/deleteSnapshots`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ id: "1", status: "Success", usn: 1 });
    expect((await post(mock, `/api/v1/virtualMachines/${vm.vmId}/deleteSnapshots`)).status).toBe(404);
    const again = await post(mock, `/api/v8.1/protectedItem/virtualMachines/${vm.vmId}/deleteSnapshots`);
    expect(again).toMatchObject({ status: 204, body: undefined });
  });

  it("answers 404 for a VM the appliance never had, in every version", async () => {
    const mock = await createMockAppliance({ snapshots: 3 });
    expect((await post(mock, "/api/v8.1/protectedItem/virtualMachines/nope/deleteSnapshots")).status).toBe(
      404,
    );
    expect((await post(mock, "/api/v1/virtualMachines/nope/deleteSnapshots")).status).toBe(404);
    expect(mock.control.sessions()).toEqual([]);
  });

  it("deletes a batch in one session, and a batch naming an unknown VM is a 404 naming it that deletes nothing", async () => {
    const mock = await createMockAppliance({ snapshots: 10, jobDurationMs: 0 });
    const [a, b, c] = mock.control.snapshots().map((vm) => vm.vmId as string);
    const refused = await post(mock, "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", {
      ids: [a, "ghost-vm", b],
    });
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toContain("ghost-vm");
    expect(mock.control.snapshotCount()).toBe(10);
    const done = await post(mock, "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", { ids: [b, c] });
    expect(done.status).toBe(202);
    expect(mock.control.sessions()).toEqual([expect.objectContaining({ vmIds: [b, c], status: "Success" })]);
    expect(mock.control.snapshotCount()).toBe(8);
    const nothing = await post(mock, "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", {
      ids: [b, c],
    });
    expect(nothing.status).toBe(204);
  });

  it("removes only manual snapshots with deleteManualSnapshots, and answers 204 for a VM with none", async () => {
    const seedVm = loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
    const mock = await createMockAppliance({
      snapshots: [
        { ...seedVm, vmId: "auto", manual: false },
        { ...seedVm, vmId: "hand", manual: true },
      ],
      jobDurationMs: 0,
    });
    const none = await post(mock, "/api/v8.1/protectedItem/virtualMachines/auto/deleteManualSnapshots");
    expect(none.status).toBe(204);
    const manual = await post(mock, "/api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots", {
      ids: ["auto", "hand"],
    });
    expect(manual.status).toBe(202);
    expect(manual.body.type).toBe("ManualSnapshotDeletion");
    expect(mock.control.snapshots().map((vm) => vm.vmId)).toEqual(["auto"]);
  });

  it("ends Error (keeping the snapshots) or Warning (removing them) for VMs scripted so", async () => {
    const mock = await createMockAppliance({ snapshots: 6, clock: "manual", jobDurationMs: 10 });
    const [, bad = "", warn = "", fine = ""] = mock.control.snapshots().map((vm) => vm.vmId as string);
    const scripted = await createMockAppliance({
      snapshots: 6,
      clock: "manual",
      jobDurationMs: 10,
      outcomes: { [bad]: "Error", [warn]: "Warning" },
    });
    for (const id of [bad, warn, fine])
      await post(scripted, `/api/v8.1/protectedItem/virtualMachines/${id}/deleteSnapshots`);
    await post(scripted, "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", { ids: [fine, bad] });
    scripted.control.advance(10);
    expect(scripted.control.sessions().map((s) => s.status)).toEqual([
      "Error",
      "Warning",
      "Success",
      "Error",
    ]);
    const left = scripted.control.snapshots().map((vm) => vm.vmId);
    expect(left).toContain(bad);
    expect(left).not.toContain(warn);
    expect(left).not.toContain(fine);
  });

  it("lets the client wait for the session it started, with the manual clock moved by the test", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const mock = await createMockAppliance({ snapshots: 4, clock: "manual", jobDurationMs: 5_000 });
    const client = createClient({ baseUrl: origin, fetch: mock.fetch, token: "x" });
    const vm = mock.control.snapshots()[1] as MockVm;
    const session = await client.deleteVirtualMachineSnapshots(vm.vmId as string);
    const waiting = client.waitForJobSession(session?.id as string, { intervalMs: 1_000 });
    mock.control.advance(5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(waiting).resolves.toMatchObject({ status: "Success" });
  });

  it("answers 404 for a job session that does not exist", async () => {
    const mock = await createMockAppliance();
    expect((await get(mock, "/api/v8.1/jobSessions/8")).status).toBe(404);
    expect((await get(mock, "/api/v1/jobSessions/8")).status).toBe(404);
  });
});

describe("products", () => {
  it("serves only the versions of its product, and reports the product version in system/about", async () => {
    const mock = await createMockAppliance({ product: "7.0" });
    expect(mock.apiVersions).toEqual(["v7", "v6"]);
    expect((await get(mock, "/api/v7/restorePoints/virtualMachines/snapshots")).status).toBe(200);
    expect((await get(mock, "/api/v6/restorePoints/virtualMachines/snapshots")).status).toBe(200);
    const newer = await get(mock, "/api/v8.1/restorePoints/virtualMachines/snapshots");
    expect(newer.status).toBe(404);
    expect(newer.body.detail).toContain("v7, v6");
    expect((await get(mock, "/api/v1/virtualMachineSnapshots")).status).toBe(404);
    expect((await get(mock, "/api/v7/system/about")).body.serverVersion).toMatch(/^7\.0\./);
  });

  it("is found by detectApiVersion as the version its product serves first", async () => {
    const cases = [
      ["8.1", "v8.1"],
      ["8.0", "v8"],
      ["7.0", "v7"],
      ["1.0", "v1"],
    ] as const;
    for (const [product, expected] of cases) {
      const mock = await createMockAppliance({ product });
      const found = await detectApiVersion({ baseUrl: origin, fetch: mock.fetch, token: "x" });
      expect(found.apiVersion, product).toBe(expected);
    }
  });
});

describe("logging in", () => {
  const users = [
    { username: "backupadmin", password: "s3cret" },
    { username: "mfauser", password: "pa55", mfaCode: "123456" },
  ];

  it("accepts any login and any bearer token when it has no users", async () => {
    const mock = await createMockAppliance();
    const answer = await login(mock, { grant_type: "Password", username: "anyone", password: "anything" });
    expect(answer.status).toBe(200);
    expect(answer.body.access_token).toEqual(expect.any(String));
    expect((await get(mock, listPath, { authorization: "Bearer whatever" })).status).toBe(200);
    expect((await get(mock, listPath, {})).status).toBe(401);
  });

  it("with users, accepts only the tokens it issued, until they expire after their TTL", async () => {
    const mock = await createMockAppliance({ users, clock: "manual", tokenTtlSeconds: 60 });
    expect((await get(mock, listPath, { authorization: "Bearer made-up" })).status).toBe(401);
    const wrong = await login(mock, { grant_type: "Password", username: "backupadmin", password: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.traceId).toEqual(expect.any(String));
    const { body } = await login(mock, {
      grant_type: "Password",
      username: "backupadmin",
      password: "s3cret",
    });
    expect(body.expires_in).toBe(60);
    const auth = { authorization: `Bearer ${body.access_token}` };
    expect((await get(mock, listPath, auth)).status).toBe(200);
    mock.control.advance(60_000);
    expect((await get(mock, listPath, auth)).status).toBe(401);
    const refreshed = await login(mock, { grant_type: "Refresh_token", refresh_token: body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(
      (await get(mock, listPath, { authorization: `Bearer ${refreshed.body.access_token}` })).status,
    ).toBe(200);
    // A refresh token is used once.
    expect(
      (await login(mock, { grant_type: "Refresh_token", refresh_token: body.refresh_token })).status,
    ).toBe(401);
  });

  it("revokes every issued token on control.revokeTokens()", async () => {
    const mock = await createMockAppliance({ users });
    const { body } = await login(mock, {
      grant_type: "Password",
      username: "backupadmin",
      password: "s3cret",
    });
    mock.control.revokeTokens();
    expect((await get(mock, listPath, { authorization: `Bearer ${body.access_token}` })).status).toBe(401);
    expect(
      (await login(mock, { grant_type: "Refresh_token", refresh_token: body.refresh_token })).status,
    ).toBe(401);
  });

  it("logs an MFA user in in two steps, refusing a wrong code", async () => {
    const mock = await createMockAppliance({ users });
    const first = await login(mock, { grant_type: "Password", username: "mfauser", password: "pa55" });
    expect(first.body).toMatchObject({ mfa_enabled: true, expires_in: 0 });
    expect(first.body).not.toHaveProperty("access_token");
    const wrong = await login(mock, {
      grant_type: "Mfa",
      mfa_token: first.body.mfa_token,
      mfa_code: "000000",
    });
    expect(wrong.status).toBe(401);
    const second = await login(mock, {
      grant_type: "Mfa",
      mfa_token: first.body.mfa_token,
      mfa_code: "123456",
    });
    expect(second.status).toBe(200);
    expect(second.body.access_token).toEqual(expect.any(String));
  });

  it("lets the client log an MFA user in with credentials.mfaCode", async () => {
    const mock = await createMockAppliance({ users, product: "8.1" });
    const client = createClient({
      baseUrl: origin,
      fetch: mock.fetch,
      credentials: { username: "mfauser", password: "pa55", mfaCode: "123456" },
    });
    const page = await client.getVirtualMachineSnapshotsPage();
    expect(page.results).toHaveLength(1);
  });
});

describe("validation", () => {
  it("answers a bad parameter with a 400 whose errors name it and what was wrong", async () => {
    const mock = await createMockAppliance();
    const answer = await get(mock, `${listPath}?Limit=abc`);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.errors)).toEqual(["Limit"]);
    expect(answer.body.errors.Limit[0]).toContain("integer");
    const offset = await get(mock, `${listPath}?Offset=-1`);
    expect(Object.keys(offset.body.errors)).toEqual(["Offset"]);
    const v1 = await get(mock, "/api/v1/virtualMachineSnapshots?limit=0");
    expect(Object.keys(v1.body.errors)).toEqual(["limit"]);
  });

  it("answers a bad body with a 400 naming the field", async () => {
    const mock = await createMockAppliance();
    const answer = await post(mock, "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", { ids: [5] });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.errors)).toEqual(["ids[0]"]);
  });

  it("judges a token request by the grant it names, never quoting its fields", async () => {
    const mock = await createMockAppliance();
    const missing = await login(mock, { grant_type: "Password", username: "u" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual({ password: ["is required"] });
    const unknown = await login(mock, { grant_type: "Magic", password: "hunter2" });
    expect(Object.keys(unknown.body.errors)).toEqual(["grant_type"]);
    expect(JSON.stringify(unknown.body)).not.toContain("hunter2");
  });

  it("answers a path no spec has with 404, and a known path with another method with 405", async () => {
    const mock = await createMockAppliance();
    expect((await get(mock, "/api/v8.1/nothing-here")).status).toBe(404);
    expect((await get(mock, "/elsewhere")).status).toBe(404);
    expect((await post(mock, listPath)).status).toBe(405);
  });

  it("refuses VMs that a version it serves could not list: v1 needs what v8.1 leaves nullable", async () => {
    const seedVm = loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
    const vm = { ...seedVm, region: { id: null, name: "North Europe" } };
    await expect(createMockAppliance({ snapshots: [vm] })).rejects.toThrow(
      /^createMockAppliance: snapshots\[0\] is not valid in v1 too \(the mock serves v1\): \/region must have required property 'id'$/,
    );
    // Without v1 to serve, the VM is as good as v8.1 says.
    const mock = await createMockAppliance({ snapshots: [vm], product: "8.1" });
    expect((await get(mock, listPath)).body.results[0].region.id).toBeNull();
  });

  it("answers 500 for an answer of its own that breaks the spec, and lets the test see why", async () => {
    const seen: Error[] = [];
    const mock = await createMockAppliance({
      clock: "manual",
      onInvalidResponse: (error) => seen.push(error),
    });
    // Ten thousand years on, a date no longer fits the spec's date-time (toISOString writes "+012026-...").
    mock.control.advance(10_000 * 365.25 * 86_400_000);
    const answer = await login(mock, { grant_type: "Password", username: "u", password: "p" });
    expect(answer.status).toBe(500);
    expect(answer.body.detail).toContain("createToken");
    expect(answer.body.detail).toContain("/.issued");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(MockResponseError);
    expect(mock.control.errors()).toEqual(seen);
  });
});

describe("faults and latency", () => {
  it("answers a status fault with Retry-After in seconds or as a date, the given number of times", async () => {
    const mock = await createMockAppliance();
    mock.control.fault({ operation: "listVirtualMachineSnapshots", status: 503, retryAfter: "1", times: 2 });
    const date = new Date("2026-10-21T07:28:00Z");
    mock.control.fault({ operation: "getSystemInfo", status: 429, retryAfter: date, times: 1 });
    const first = await get(mock, listPath);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await get(mock, listPath)).status).toBe(503);
    expect((await get(mock, listPath)).status).toBe(200);
    const limited = await get(mock, "/api/v8.1/system/about");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("Wed, 21 Oct 2026 07:28:00 GMT");
    expect((await get(mock, "/api/v8.1/system/about")).status).toBe(200);
  });

  it("lets the client's retry policy ride out a fault", async () => {
    const mock = await createMockAppliance({ snapshots: 3 });
    mock.control.fault({ operation: "listVirtualMachineSnapshots", status: 503, retryAfter: 0, times: 2 });
    const client = createClient({ baseUrl: origin, fetch: mock.fetch, token: "x" });
    expect((await client.getVirtualMachineSnapshotsPage()).results).toHaveLength(3);
  });

  it("hits with a probability, every time at 1 and never at 0, and stops when removed", async () => {
    const mock = await createMockAppliance();
    const never = mock.control.fault({ operation: "*", status: 500, probability: 0 });
    expect((await get(mock, listPath)).status).toBe(200);
    never();
    const always = mock.control.fault({ operation: "*", status: 500, probability: 1 });
    expect((await get(mock, "/api/v8.1/system/about")).status).toBe(500);
    expect((await get(mock, listPath)).status).toBe(500);
    always();
    expect((await get(mock, listPath)).status).toBe(200);
  });

  it("breaks the body mid-way for a reset, and never answers for a hang until the request is aborted", async () => {
    const mock = await createMockAppliance({ snapshots: 20 });
    mock.control.fault({ operation: "listVirtualMachineSnapshots", kind: "reset", times: 1 });
    const broken = await mock.fetch(`${origin}${listPath}`, { headers: bearer });
    await expect(broken.text()).rejects.toThrow(/reset/);
    mock.control.fault({ operation: "listVirtualMachineSnapshots", kind: "hang", times: 1 });
    const controller = new AbortController();
    const hanging = mock.fetch(`${origin}${listPath}`, { headers: bearer, signal: controller.signal });
    const outcome = vi.fn();
    hanging.then(outcome, outcome);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcome).not.toHaveBeenCalled();
    controller.abort();
    await expect(hanging).rejects.toThrow();
    expect((await get(mock, listPath)).status).toBe(200);
  });

  it("waits latencyMs (plus up to jitterMs) of real time before answering, whatever the clock", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const mock = await createMockAppliance({ latencyMs: 300, clock: "manual" });
    const answered = vi.fn();
    const pending = mock.fetch(`${origin}${listPath}`, { headers: bearer }).then(answered);
    await vi.advanceTimersByTimeAsync(299);
    expect(answered).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(answered).toHaveBeenCalledOnce();
  });
});

describe("what the review found", () => {
  it("ignores query parameters the operation does not have, as an appliance does (v1's lower-case names on v8.1)", async () => {
    const mock = await createMockAppliance({ snapshots: 40 });
    const page = await get(mock, `${listPath}?limit=5&offset=2&_=123`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ offset: 0, limit: 100 });
  });

  it("names a body field the operation does not take", async () => {
    const mock = await createMockAppliance();
    const answer = await post(mock, "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", {
      ids: ["a"],
      vmIds: ["b"],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual({ vmIds: ["is not a field of this body"] });
  });

  it("fails a reset fault on a 204 as a connection reset, not as a 500", async () => {
    const mock = await createMockAppliance({ snapshots: 3, jobDurationMs: 0 });
    const vmId = mock.control.snapshots()[1]?.vmId as string;
    const path = `/api/v8.1/protectedItem/virtualMachines/${vmId}/deleteSnapshots`;
    expect((await post(mock, path)).status).toBe(202);
    mock.control.fault({ operation: "deleteVirtualMachineSnapshots", kind: "reset", times: 1 });
    await expect(mock.fetch(`${origin}${path}`, { method: "POST", headers: bearer })).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect((await post(mock, path)).status).toBe(204);
  });

  it("leaves the test's own faker as it was: the mock draws from a Faker of its own", async () => {
    const { faker } = await import("@faker-js/faker");
    faker.seed(123);
    const expected = [faker.string.uuid(), faker.string.uuid()];
    faker.seed(123);
    expect(faker.string.uuid()).toBe(expected[0]);
    const mock = await createMockAppliance({ snapshots: 20, seed: 5 });
    mock.control.snapshots();
    mock.control.reset({ seed: 6 });
    expect(faker.string.uuid()).toBe(expected[1]);
  });

  it("hands out copies: changing what control.snapshots() returned changes nothing in the mock", async () => {
    const seedVm = loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
    for (const snapshots of [3, [seedVm]]) {
      const mock = await createMockAppliance({ snapshots });
      const [first] = mock.control.snapshots();
      if (first?.subscription) first.subscription.name = "MUTATED";
      expect((await get(mock, listPath)).body.results[0].subscription.name).not.toBe("MUTATED");
    }
  });

  it("refuses an inventory past totalCount's int32 and a seed past 32 bits", async () => {
    await expect(createMockAppliance({ snapshots: 2 ** 31 })).rejects.toThrow(
      /^createMockAppliance: snapshots must be at most 2147483647/,
    );
    await expect(createMockAppliance({ seed: 2 ** 32 })).rejects.toThrow(
      /^createMockAppliance: seed must be at most 4294967295/,
    );
  });

  it("pages correctly near the largest inventory, after a deletion", async () => {
    const mock = await createMockAppliance({ snapshots: 2 ** 31 - 1, jobDurationMs: 0 });
    const near = await get(mock, `${listPath}?Offset=${2 ** 31 - 3}&Limit=5`);
    expect(near.body.results).toHaveLength(2);
    const last = near.body.results[1].vmId as string;
    expect((await post(mock, `/api/v8.1/protectedItem/virtualMachines/${last}/deleteSnapshots`)).status).toBe(
      202,
    );
    const after = await get(mock, `${listPath}?Offset=${2 ** 31 - 3}&Limit=5`);
    expect(after.body).toMatchObject({ totalCount: 2 ** 31 - 2 });
    expect(after.body.results.map((vm: { vmId: string }) => vm.vmId)).toEqual([near.body.results[0].vmId]);
  });

  it("refuses an option it does not know, naming it, rather than ignore a typo", async () => {
    await expect(createMockAppliance({ jobDuration: 10 } as never)).rejects.toThrow(
      /^createMockAppliance: no option "jobDuration"; the options are product, .*jobDurationMs/,
    );
  });

  it("goes back to the options it was created with on reset(), after a reset with another seed", async () => {
    const mock = await createMockAppliance({ snapshots: 5, seed: 1 });
    const initial = mock.control.snapshots();
    mock.control.reset({ seed: 2 });
    expect(mock.control.snapshots()).not.toEqual(initial);
    mock.control.reset();
    expect(mock.control.snapshots()).toEqual(initial);
  });
});

describe("control.reset()", () => {
  it("restores the inventory, sessions, tokens, faults and clock", async () => {
    const users = [{ username: "u", password: "p" }];
    const mock = await createMockAppliance({ snapshots: 5, clock: "manual", users, jobDurationMs: 0 });
    const start = mock.control.now().getTime();
    const { body } = await login(mock, { grant_type: "Password", username: "u", password: "p" });
    const auth = { authorization: `Bearer ${body.access_token}` };
    const vm = mock.control.snapshots()[0] as MockVm;
    await post(mock, `/api/v8.1/protectedItem/virtualMachines/${vm.vmId}/deleteSnapshots`, undefined, auth);
    mock.control.fault({ operation: "*", status: 503 });
    mock.control.advance(10_000);
    mock.control.reset();
    expect(mock.control.snapshotCount()).toBe(5);
    expect(mock.control.sessions()).toEqual([]);
    expect(mock.control.now().getTime()).toBe(start);
    expect((await get(mock, listPath, auth)).status).toBe(401);
    const again = await login(mock, { grant_type: "Password", username: "u", password: "p" });
    expect((await get(mock, listPath, { authorization: `Bearer ${again.body.access_token}` })).status).toBe(
      200,
    );
  });

  it("can start over with another seed or inventory", async () => {
    const mock = await createMockAppliance({ snapshots: 5, seed: 1 });
    const before = mock.control.snapshots();
    mock.control.reset({ seed: 2 });
    expect(mock.control.snapshots().slice(1)).not.toEqual(before.slice(1));
    mock.control.reset({ snapshots: 12 });
    expect(mock.control.snapshotCount()).toBe(12);
  });
});
