// The typed transport against the Prism mock appliance serving the spec: every operation answers with the
// seed example, typed; security and parameter validation behave as an appliance's would.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import {
  createTransport,
  type JobSession,
  type ProblemDetails,
  type VirtualMachineSnapshotsPage,
} from "../../src/v1/index.js";
import { readSeed } from "../helpers/seeds.js";

const baseUrl = inject("mockUrl");
const api = createTransport<"v1">({ baseUrl, headers: { Authorization: "Bearer test-token" } });
const anonymous = createTransport<"v1">({ baseUrl });
const vmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";

describe("GET /api/v1/virtualMachineSnapshots", () => {
  it("returns the seed example as a typed page", async () => {
    const { data, error, response } = await api.GET("/api/v1/virtualMachineSnapshots");
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<VirtualMachineSnapshotsPage | undefined>();
    expect(data).toEqual(readSeed("list").example);
    expect(data?.results[0]?.osDisk?.diskId).toBe("tgdq8pjtnby58akmphhgq5m8to99ap39uzzgd4azkcowt7xuzz1o");
  });

  it("accepts offset and limit", async () => {
    const { response } = await api.GET("/api/v1/virtualMachineSnapshots", {
      params: { query: { offset: 30, limit: 100 } },
    });
    expect(response.status).toBe(200);
    expect(new URL(response.url).search).toBe("?offset=30&limit=100");
  });

  it("serves the two-data-disk example on request", async () => {
    const { data } = await api.GET("/api/v1/virtualMachineSnapshots", {
      headers: { Prefer: "example=twoDataDisks" },
    });
    expect(data?.results[0]?.dataDisks).toHaveLength(2);
  });

  it.each([
    ["limit=0", { limit: 0 }],
    ["offset=-1", { offset: -1 }],
  ])("rejects %s with 400 problem details", async (_, query) => {
    const { error, response } = await api.GET("/api/v1/virtualMachineSnapshots", { params: { query } });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expectTypeOf(error).toEqualTypeOf<ProblemDetails | undefined>();
    expect(error).toMatchObject({ status: 400 });
  });

  it("rejects limit=abc with 400 (and the type system refuses it first)", async () => {
    const { response } = await api.GET("/api/v1/virtualMachineSnapshots", {
      // @ts-expect-error limit is an integer
      params: { query: { limit: "abc" } },
    });
    expect(response.status).toBe(400);
  });

  it("answers 401 problem details without a bearer token", async () => {
    const { error, response } = await anonymous.GET("/api/v1/virtualMachineSnapshots");
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401, title: "Unauthorized" });
  });
});

describe("POST /api/v1/virtualMachines/{id}/deleteSnapshots", () => {
  it("returns the seed job session, typed", async () => {
    const { data, response } = await api.POST("/api/v1/virtualMachines/{id}/deleteSnapshots", {
      params: { path: { id: vmId } },
    });
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<JobSession | undefined>();
    expect(data).toEqual(readSeed("delete").example);
  });

  it("answers 401 without a bearer token", async () => {
    const { response } = await anonymous.POST("/api/v1/virtualMachines/{id}/deleteSnapshots", {
      params: { path: { id: vmId } },
    });
    expect(response.status).toBe(401);
  });
});

describe("GET /api/v1/jobSessions/{id}", () => {
  it("returns the seed job session", async () => {
    const { data } = await api.GET("/api/v1/jobSessions/{id}", { params: { path: { id: "8" } } });
    expect(data).toEqual(readSeed("delete").example);
  });

  it("serves a running session on request", async () => {
    const { data } = await api.GET("/api/v1/jobSessions/{id}", {
      params: { path: { id: "9" } },
      headers: { Prefer: "example=running" },
    });
    expect(data).toMatchObject({ status: "Running", executionStopTime: null });
  });

  it("answers 401 without a bearer token", async () => {
    const { response } = await anonymous.GET("/api/v1/jobSessions/{id}", { params: { path: { id: "8" } } });
    expect(response.status).toBe(401);
  });
});

describe("POST /api/oauth2/token", () => {
  const form = (body: Record<string, string>) => new URLSearchParams(body).toString();

  it("issues tokens for a form-encoded password grant, without a bearer token", async () => {
    const { data, response } = await anonymous.POST("/api/oauth2/token", {
      body: { grant_type: "Password", username: "backupadmin", password: "secret" },
      bodySerializer: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expectTypeOf(data?.access_token).toEqualTypeOf<string | undefined>();
  });

  it("issues tokens for a refresh-token grant", async () => {
    const { response } = await anonymous.POST("/api/oauth2/token", {
      body: { grant_type: "Refresh_token", refresh_token: "7d1f4b1e0c2a4f0e9b3c5d6e7f8a9b0c" },
      bodySerializer: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
  });

  it("rejects a password grant without a password with 400", async () => {
    const { response } = await anonymous.POST("/api/oauth2/token", {
      // @ts-expect-error the password grant requires a password
      body: { grant_type: "Password", username: "backupadmin" },
      bodySerializer: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(400);
  });
});
