// createClient (v8.1, the default, and v8/v7/v6 under their own prefix) against the Prism mock appliance, which
// serves the v8.1 spec beside v1's: every method returns the spec's example, typed, and the appliance's validation
// errors come back as ApiErrors.
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { parse } from "yaml";
import { root } from "../../scripts/redocly.js";
import {
  ApiError,
  createClient,
  detectApiVersion,
  type JobSession,
  type SystemInfo,
  type VirtualMachineSnapshot,
  type VirtualMachineSnapshotsPage,
} from "../../src/index.js";

const baseUrl = inject("mockUrl");
const example = <T>(name: string) =>
  (parse(readFileSync(`${root}/openapi/v8.1/components/examples/${name}.yaml`, "utf8")) as { value: T })
    .value;
const seedPage = example<VirtualMachineSnapshotsPage>("VirtualMachineSnapshotsPageSeed");
const seedSession = example<JobSession>("JobSessionSnapshotDeletionSucceeded");
const about = example<SystemInfo>("SystemInfoAppliance");

describe.each(["v8.1", "v8", "v7", "v6"] as const)("a %s client against the mock appliance", (apiVersion) => {
  const client = createClient({ baseUrl, token: "mock-token", apiVersion });

  it("reads a page of snapshots, with its total", async () => {
    const page = await client.getVirtualMachineSnapshotsPage({ offset: 0, limit: 100 });
    expect(page.results).toEqual(seedPage.results);
    expect(page.totalCount).toBe(seedPage.results.length);
  });

  it("iterates over every snapshot, filtered by VM", async () => {
    const names: (string | null | undefined)[] = [];
    const vmId = seedPage.results[0]?.vmId ?? "";
    for await (const vm of client.listVirtualMachineSnapshots({ vmId })) {
      expectTypeOf(vm).toEqualTypeOf<VirtualMachineSnapshot>();
      names.push(vm.name);
    }
    expect(names).toEqual(["test-linux"]);
  });

  it("deletes one VM's snapshots, and several in one batch, and follows the session to its end", async () => {
    const vmId = seedPage.results[0]?.vmId ?? "";
    const session = await client.deleteVirtualMachineSnapshots(vmId);
    expect(session).toEqual(seedSession);
    await expect(
      client.deleteVirtualMachineSnapshots([vmId, "another-vm"], { manualOnly: true }),
    ).resolves.toEqual(seedSession);
    if (session === null) throw new Error("the mock answers 202 with its example session");
    await expect(client.waitForJobSession(session)).resolves.toEqual(seedSession);
  });

  it("reads a job session and the product's version", async () => {
    await expect(client.getJobSession(seedSession.id ?? "")).resolves.toEqual(seedSession);
    await expect(client.getSystemInfo()).resolves.toEqual(about);
  });

  it("logs in with credentials through the token operation", async () => {
    const withLogin = createClient({
      baseUrl,
      apiVersion,
      credentials: { username: "backupadmin", password: "secret" },
    });
    await expect(withLogin.getSystemInfo()).resolves.toEqual(about);
  });

  it("is validated by the spec as the version spells its query: Offset=-1 is a 400", async () => {
    const list = `${baseUrl}/api/${apiVersion}/restorePoints/virtualMachines/snapshots`;
    const headers = { Authorization: "Bearer mock-token" };
    expect((await fetch(`${list}?Offset=-1`, { headers })).status).toBe(400);
    await expect(client.getVirtualMachineSnapshotsPage({ limit: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(
      client.getVirtualMachineSnapshotsPage({ restorePointId: "not-a-uuid" }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});

describe("detectApiVersion against the mock appliance", () => {
  it("finds v8.1, the newest it serves, and the product version", async () => {
    const detected = await detectApiVersion({ baseUrl, token: "mock-token" });
    expect(detected).toMatchObject({ apiVersion: "v8.1", serverVersion: about.serverVersion });
    const { client } = detected;
    // apiVersion tells the versions' clients apart, for TypeScript too.
    if (client.apiVersion === "v1") throw new Error("the mock serves v8.1");
    await expect(client.getSystemInfo()).resolves.toEqual(about);
  });

  it("is an ApiError, not a version, when the appliance refuses the credentials", async () => {
    const refused = detectApiVersion({
      baseUrl,
      credentials: { username: "backupadmin", password: "wrong" },
      fetch: (url, init) =>
        globalThis.fetch(url, {
          ...init,
          headers: { ...Object.fromEntries(new Headers(init.headers)), Prefer: "code=401" },
        }),
    });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
  });
});
