// createClient against the Prism mock appliance: every method returns the spec's example, typed, and the
// appliance's validation errors come back as ApiErrors.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import {
  ApiError,
  createClient,
  errorFromResponse,
  type JobSession,
  type ProblemDetails,
  type VirtualMachineSnapshot,
} from "../../src/v1/index.js";
import { readSeed } from "../helpers/seeds.js";

const baseUrl = inject("mockUrl");
const client = createClient({ baseUrl, token: "mock-token" });
const seedPage = readSeed("list").example as { results: VirtualMachineSnapshot[] };
const seedSession = readSeed("delete").example as JobSession;

describe("createClient against the mock appliance", () => {
  it("reads a page of snapshots", async () => {
    await expect(client.getVirtualMachineSnapshotsPage({ offset: 0, limit: 30 })).resolves.toEqual(seedPage);
  });

  it("iterates over every snapshot", async () => {
    const names: string[] = [];
    for await (const vm of client.listVirtualMachineSnapshots()) {
      expectTypeOf(vm).toEqualTypeOf<VirtualMachineSnapshot>();
      names.push(vm.name);
    }
    expect(names).toEqual(["test-linux"]);
  });

  it("iterates page by page", async () => {
    const pages = [];
    for await (const page of client.listVirtualMachineSnapshots().byPage({ pageSize: 30 })) pages.push(page);
    expect(pages).toEqual([seedPage]);
  });

  it("logs in with credentials through the token operation", async () => {
    const withLogin = createClient({ baseUrl, credentials: { username: "backupadmin", password: "secret" } });
    await expect(withLogin.getJobSession("8")).resolves.toEqual(seedSession);
  });

  it("deletes a VM's snapshots and follows the session to its end", async () => {
    const session = await client.deleteVirtualMachineSnapshots(seedPage.results[0]?.vmId ?? "");
    expect(session).toEqual(seedSession);
    await expect(client.waitForJobSession(session)).resolves.toEqual(seedSession);
    await expect(client.waitForJobSession("8")).resolves.toEqual(seedSession);
  });

  it("reads a job session", async () => {
    await expect(client.getJobSession("8")).resolves.toEqual(seedSession);
  });

  it("exposes the typed transport with the same policies, returning the appliance's errors", async () => {
    const { data, error, response } = await client.api.GET("/api/v1/jobSessions/{id}", {
      params: { path: { id: "x" } },
      headers: { Prefer: "code=404" },
    });
    expect(data).toBeUndefined();
    expectTypeOf(error).toEqualTypeOf<ProblemDetails | undefined>();
    expect(error).toMatchObject({ status: 404, title: "Not Found" });
    const apiError = errorFromResponse(
      {
        method: "GET",
        path: new URL(response.url).pathname,
        pathTemplate: "/api/v1/jobSessions/{id}",
        url: response.url,
      },
      response,
      error,
    );
    expect(apiError).toBeInstanceOf(ApiError);
    expect(apiError.message).toMatch(
      /^GET \/api\/v1\/jobSessions\/x: 404 Not Found - Object with ID '.*' was not found\. \(trace [\w-]+\)$/,
    );
  });

  it("lets the appliance's validation speak through the transport", async () => {
    const { error, response } = await client.api.GET("/api/v1/virtualMachineSnapshots", {
      params: { query: { limit: 0 } },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ status: 400 });
  });
});
