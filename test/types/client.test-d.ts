// The public API's types, as users see them: the client's types follow its API version.
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  type ApiVersion,
  type ClientOptions,
  createClient,
  detectApiVersion,
  type JobSession,
  type JobSessionError,
  type MfaRequiredError,
  type PagedAsyncIterableIterator,
  type SystemInfo,
  type VeeamAzureClient,
  type VeeamAzureClientV1,
  type VeeamAzureClientV8_1,
  type VeeamAzureError,
  type VirtualMachineSnapshot,
  type VirtualMachineSnapshotsPage,
  type v1,
  type v8_1,
} from "../../src/index.js";
import { createClient as createClientV1 } from "../../src/v1/index.js";
import { createClient as createClientV8_1 } from "../../src/v8_1/index.js";

const baseUrl = "https://abc.ukwest.cloudapp.azure.com";
declare const client: VeeamAzureClient;
declare const v1Client: VeeamAzureClient<"v1">;

describe("createClient", () => {
  it("speaks v8.1 unless told otherwise, and its type says which version", () => {
    expectTypeOf(createClient({ baseUrl, token: "t" })).toEqualTypeOf<VeeamAzureClientV8_1<"v8.1">>();
    expectTypeOf(createClient({ baseUrl, token: "t", apiVersion: "v8" })).toEqualTypeOf<
      VeeamAzureClientV8_1<"v8">
    >();
    expectTypeOf(createClient({ baseUrl, token: "t", apiVersion: "v1" })).toEqualTypeOf<VeeamAzureClientV1>();
    expectTypeOf(createClient({ baseUrl, token: "t", apiVersion: "v6" }).apiVersion).toEqualTypeOf<"v6">();
    expectTypeOf<VeeamAzureClient>().toEqualTypeOf<VeeamAzureClientV8_1<"v8.1">>();
  });

  it("takes only the versions it speaks", () => {
    expectTypeOf<ApiVersion>().toEqualTypeOf<"v1" | "v6" | "v7" | "v8" | "v8.1">();
    // @ts-expect-error: a type argument alone would claim a version the client does not speak
    createClient<"v1">({ baseUrl, token: "t" });
    const fromConfig = "v8" as ApiVersion;
    expectTypeOf(createClient({ baseUrl, token: "t", apiVersion: fromConfig })).toEqualTypeOf<
      VeeamAzureClient<ApiVersion>
    >();
    // @ts-expect-error: v5 is not a version this client speaks
    createClient({ baseUrl, token: "t", apiVersion: "v5" });
    // @ts-expect-error: the v1 entry speaks v1 alone
    createClientV1({ baseUrl, token: "t", apiVersion: "v8.1" });
    // @ts-expect-error: the v8.1 entry does not speak v1
    createClientV8_1({ baseUrl, token: "t", apiVersion: "v1" });
    expectTypeOf(createClientV8_1({ baseUrl, token: "t", apiVersion: "v7" })).toEqualTypeOf<
      VeeamAzureClientV8_1<"v7">
    >();
  });

  it("takes a token or credentials, with an MFA code or a function for one", () => {
    expectTypeOf<ClientOptions["token"]>().toEqualTypeOf<
      string | (() => string | Promise<string>) | undefined
    >();
    expectTypeOf<{
      baseUrl: string;
      credentials: { username: string; password: string };
    }>().toExtend<ClientOptions>();
    expectTypeOf<{
      baseUrl: string;
      credentials: { username: string; password: string; mfaCode: () => Promise<string> };
    }>().toExtend<ClientOptions>();
    expectTypeOf<{
      baseUrl: string;
      credentials: { username: string; password: string; mfaCode: 123456 };
    }>().not.toExtend<ClientOptions>();
    expectTypeOf<{ token: string }>().not.toExtend<ClientOptions>();
  });
});

describe("a v8.1 client", () => {
  it("returns the v8.1 models: a page with totalCount, disks with diskName", async () => {
    const page = await client.getVirtualMachineSnapshotsPage({ limit: 100 });
    expectTypeOf(page).toEqualTypeOf<VirtualMachineSnapshotsPage>();
    expectTypeOf(page).toEqualTypeOf<v8_1.VirtualMachineSnapshotsPage>();
    expectTypeOf(page.totalCount).toEqualTypeOf<number | null | undefined>();
    expectTypeOf<NonNullable<VirtualMachineSnapshot["osDisk"]>>().toHaveProperty("diskName");
    expectTypeOf<NonNullable<VirtualMachineSnapshot["osDisk"]>>().not.toHaveProperty("name");
    expectTypeOf(client.getSystemInfo).returns.resolves.toEqualTypeOf<SystemInfo>();
  });

  it("filters the list, deletes in batches and manual-only, and may get no session (204)", () => {
    client.listVirtualMachineSnapshots({
      pageSize: 100,
      vmId: "vm",
      restorePointId: "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a",
    });
    expectTypeOf(client.deleteVirtualMachineSnapshots).returns.resolves.toEqualTypeOf<JobSession | null>();
    expectTypeOf(
      client.deleteVirtualMachineSnapshots(["a", "b"], { manualOnly: true }),
    ).resolves.toEqualTypeOf<JobSession | null>();
    expectTypeOf(client.waitForJobSession).parameter(0).toEqualTypeOf<JobSession | string>();
    expectTypeOf(client.waitForJobSession).returns.resolves.toEqualTypeOf<JobSession>();
  });

  it("iterates snapshots, and pages with byPage()", () => {
    const all = client.listVirtualMachineSnapshots({ pageSize: 100, concurrency: 4 });
    expectTypeOf(all).toEqualTypeOf<
      PagedAsyncIterableIterator<VirtualMachineSnapshot, VirtualMachineSnapshotsPage>
    >();
    expectTypeOf(all.byPage({ pageSize: 10 })).toExtend<AsyncIterable<VirtualMachineSnapshotsPage>>();
  });

  it("types the raw transport by the spec's paths under its version's prefix", () => {
    const list = client.api.GET("/api/v8.1/restorePoints/virtualMachines/snapshots", {
      params: { query: { Offset: 0, Limit: 100 } },
    });
    expectTypeOf(list).resolves.toHaveProperty("data");
    // @ts-expect-error: v8.1 spells the query's names with capitals
    client.api.GET("/api/v8.1/restorePoints/virtualMachines/snapshots", { params: { query: { offset: 0 } } });
    const v8 = createClient({ baseUrl, token: "t", apiVersion: "v8" });
    v8.api.GET("/api/v8/jobSessions/{sessionId}", { params: { path: { sessionId: "8" } } });
    // @ts-expect-error: a v8 client's paths carry /api/v8
    v8.api.GET("/api/v8.1/jobSessions/{sessionId}", { params: { path: { sessionId: "8" } } });
  });
});

describe("a v1 client", () => {
  it("returns the v1 models: no totalCount, disks with name", async () => {
    const page = await v1Client.getVirtualMachineSnapshotsPage();
    expectTypeOf(page).toEqualTypeOf<v1.VirtualMachineSnapshotsPage>();
    // @ts-expect-error: v1's pages do not say the total
    page.totalCount;
    expectTypeOf<NonNullable<v1.VirtualMachineSnapshot["osDisk"]>>().toHaveProperty("name");
    expectTypeOf(v1Client.deleteVirtualMachineSnapshots).returns.resolves.toEqualTypeOf<v1.JobSession>();
  });

  it("has no filters, batch or manual-only delete, and no getSystemInfo", () => {
    // @ts-expect-error: no filters on v1
    v1Client.listVirtualMachineSnapshots({ vmId: "vm" });
    // @ts-expect-error: no batch delete on v1
    v1Client.deleteVirtualMachineSnapshots(["a", "b"]);
    // @ts-expect-error: no manual-only delete on v1
    v1Client.deleteVirtualMachineSnapshots("a", { manualOnly: true });
    expectTypeOf(v1Client).not.toHaveProperty("getSystemInfo");
  });

  it("types the raw transport by the v1 paths", () => {
    expectTypeOf(v1Client.api.GET)
      .parameter(0)
      .toEqualTypeOf<"/api/v1/virtualMachineSnapshots" | "/api/v1/jobSessions/{id}">();
  });
});

describe("detectApiVersion", () => {
  it("resolves with a version createClient takes, and the product version", () => {
    expectTypeOf(detectApiVersion({ baseUrl, token: "t" })).resolves.toEqualTypeOf<{
      apiVersion: ApiVersion;
      serverVersion: string | undefined;
      client: VeeamAzureClient<ApiVersion>;
    }>();
  });
});

describe("errors", () => {
  it("share one base class and carry what identifies the failure", () => {
    expectTypeOf<ApiError>().toExtend<VeeamAzureError>();
    expectTypeOf<MfaRequiredError>().toExtend<VeeamAzureError>();
    expectTypeOf<ApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<ApiError["traceId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<JobSessionError<JobSession>["session"]>().toEqualTypeOf<JobSession>();
    expectTypeOf<JobSessionError["session"]["status"]>().toEqualTypeOf<string>();
  });
});
