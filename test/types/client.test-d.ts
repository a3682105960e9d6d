// The public API's types, as users see them.
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  type ClientOptions,
  createClient,
  type JobSession,
  type JobSessionError,
  type PagedAsyncIterableIterator,
  type VeeamAzureClient,
  type VeeamAzureError,
  type VirtualMachineSnapshot,
  type VirtualMachineSnapshotsPage,
} from "../../src/index.js";

declare const client: VeeamAzureClient;

describe("createClient", () => {
  it("takes a token or credentials and returns the client", () => {
    expectTypeOf(createClient).parameter(0).toEqualTypeOf<ClientOptions>();
    expectTypeOf(createClient).returns.toEqualTypeOf<VeeamAzureClient>();
    expectTypeOf<ClientOptions["token"]>().toEqualTypeOf<
      string | (() => string | Promise<string>) | undefined
    >();
    expectTypeOf<{
      baseUrl: string;
      credentials: { username: string; password: string };
    }>().toExtend<ClientOptions>();
    expectTypeOf<{ baseUrl: string; retry: false }>().toExtend<ClientOptions>();
    expectTypeOf<{ token: string }>().not.toExtend<ClientOptions>();
  });
});

describe("VeeamAzureClient", () => {
  it("returns the spec's models", () => {
    expectTypeOf(
      client.getVirtualMachineSnapshotsPage,
    ).returns.resolves.toEqualTypeOf<VirtualMachineSnapshotsPage>();
    expectTypeOf(client.deleteVirtualMachineSnapshots).returns.resolves.toEqualTypeOf<JobSession>();
    expectTypeOf(client.getJobSession).returns.resolves.toEqualTypeOf<JobSession>();
    expectTypeOf(client.waitForJobSession).parameter(0).toEqualTypeOf<JobSession | string>();
    expectTypeOf(client.waitForJobSession).returns.resolves.toEqualTypeOf<JobSession>();
  });

  it("iterates snapshots, and pages with byPage()", () => {
    const all = client.listVirtualMachineSnapshots({ pageSize: 100, concurrency: 4 });
    expectTypeOf(all).toEqualTypeOf<
      PagedAsyncIterableIterator<VirtualMachineSnapshot, VirtualMachineSnapshotsPage>
    >();
    expectTypeOf(all).toExtend<AsyncIterable<VirtualMachineSnapshot>>();
    expectTypeOf(all.byPage({ pageSize: 10 })).toExtend<AsyncIterable<VirtualMachineSnapshotsPage>>();
  });

  it("accepts an AbortSignal on every call", () => {
    expectTypeOf(client.getJobSession)
      .parameter(1)
      .toEqualTypeOf<{ signal?: AbortSignal | undefined } | undefined>();
    expectTypeOf<{ signal: AbortSignal; intervalMs: number; timeoutMs: number }>().toExtend<
      NonNullable<Parameters<VeeamAzureClient["waitForJobSession"]>[1]>
    >();
  });

  it("types the raw transport by the spec's paths", () => {
    expectTypeOf(client.api.GET)
      .parameter(0)
      .toEqualTypeOf<"/api/v1/virtualMachineSnapshots" | "/api/v1/jobSessions/{id}">();
  });
});

describe("errors", () => {
  it("share one base class and carry what identifies the failure", () => {
    expectTypeOf<ApiError>().toExtend<VeeamAzureError>();
    expectTypeOf<ApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<ApiError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<JobSessionError<JobSession>["session"]>().toEqualTypeOf<JobSession>();
    expectTypeOf<JobSessionError["session"]["status"]>().toEqualTypeOf<string>();
  });
});
