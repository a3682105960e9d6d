// startExamplesMock: a Prism per spec on loopback behind one port, routed by version prefix, started and stopped
// by PID (every one of them, a failed start included), with clear errors when it cannot start.
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, inject, it, vi } from "vitest";
import { root } from "../../scripts/redocly.js";
import { bundledSpecPaths, startExamplesMock } from "../../src/mock/examples.js";
import { alive } from "../helpers/spawned.js";

// Every Prism the mock starts, by PID, so that a test can check none outlived a failed start (which returns no
// MockAppliance to read them from).
const spawned = vi.hoisted(() => [] as number[]);
vi.mock("node:child_process", async (importOriginal) => {
  const { recordingSpawns } = await import("../helpers/spawned.js");
  return recordingSpawns(await importOriginal(), spawned);
});

const spec = inject("bundledSpecYaml");
const bundles = inject("bundledSpecs");
// Three VMs in its list example, so that windows of it can be told apart; its token is its own.
const v81Fixture = join(root, "test/fixtures/mock-v8.1.yaml");
const auth = { headers: { Authorization: "Bearer x" } };

// The PIDs of the Prisms that `start` spawns.
async function spawnedBy(start: () => Promise<unknown>): Promise<{ pids: number[]; error: unknown }> {
  const before = spawned.length;
  const error = await start().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { pids: spawned.slice(before), error };
}

describe("bundledSpecPaths", () => {
  // From src/mock/examples.ts here and from dist/mock/examples.js in the package: two levels up is the root.
  it("names the bundles in dist/openapi/ of the package root", () => {
    expect(bundledSpecPaths).toEqual({
      v1: join(root, "dist/openapi/v1.json"),
      "v8.1": join(root, "dist/openapi/v8.1.json"),
    });
  });
});

describe("startExamplesMock", () => {
  it("serves the spec on a free loopback port and stops its process on close", async () => {
    const mock = await startExamplesMock({ port: 0, spec });
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${mock.url}/api/v1/jobSessions/8`, { headers: { Authorization: "Bearer x" } });
    expect(await res.json()).toMatchObject({ id: "8", status: "Success" });
    expect(alive(mock.pid)).toBe(true);
    await mock.close();
    expect(alive(mock.pid)).toBe(false);
    await mock.close(); // a second close is harmless
  });

  it("serves the list as windows of the example page, so the page after the last item is empty", async () => {
    await using mock = await startExamplesMock({ port: 0, spec });
    const page = async (query: string) => {
      const res = await fetch(`${mock.url}/api/v1/virtualMachineSnapshots${query}`, {
        headers: { Authorization: "Bearer x" },
      });
      return { status: res.status, body: await res.json() };
    };
    const seed = await page("?offset=0&limit=30");
    expect(seed.body).toMatchObject({ offset: 0, limit: 30, results: [{ name: "test-linux" }] });
    expect(await page("")).toEqual(seed);
    expect((await page("?offset=1&limit=30")).body).toMatchObject({
      offset: 1,
      limit: 30,
      results: [],
      _links: {
        self: {
          href: "https://abc.ukwest.cloudapp.azure.com/api/v1/virtualMachineSnapshots?offset=1&limit=30",
        },
      },
    });
    expect((await page("?offset=0&limit=0")).status).toBe(400); // Prism still validates
    const anonymous = await fetch(`${mock.url}/api/v1/virtualMachineSnapshots?offset=1`);
    expect(anonymous.status).toBe(401); // and still wants a token
  });

  it("reports a port already in use, stopping the Prism it had started", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const { pids, error } = await spawnedBy(() => startExamplesMock({ port, spec: [spec, v81Fixture] }));
      expect(error).toMatchObject({
        code: "EADDRINUSE",
        message: `port ${port} on 127.0.0.1 is in use: pick another port, or 0 for any free one`,
      });
      expect(pids).toHaveLength(2);
      for (const pid of pids) expect(alive(pid)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("reports a spec that does not exist", async () => {
    await expect(startExamplesMock({ port: 0, spec: "/nonexistent/openapi.yaml" })).rejects.toThrow(
      /Prism exited[\s\S]*nonexistent/,
    );
  });

  it.each([-1, 65_536, 1.5, Number.NaN])("refuses port %s before starting anything", async (port) => {
    const { pids, error } = await spawnedBy(() => startExamplesMock({ port, spec }));
    expect(error).toBeInstanceOf(RangeError);
    expect(pids).toEqual([]);
  });

  it("refuses an empty list of specs before starting anything", async () => {
    const { pids, error } = await spawnedBy(() => startExamplesMock({ port: 0, spec: [] }));
    expect(error).toEqual(new RangeError("spec must name at least one bundled spec"));
    expect(pids).toEqual([]);
  });
});

describe("startExamplesMock with a spec per API version", () => {
  // The run's mock appliance (test/global-setup.ts) serves the package's bundles of v1 and v8.1.
  const mockUrl = inject("mockUrl");

  it("answers v1 and v8.1 on one port, and v8, v7 and v6 with the v8.1 operations", async () => {
    const session = await fetch(`${mockUrl}/api/v1/jobSessions/8`, auth);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ id: "8" });

    const about = await fetch(`${mockUrl}/api/v8.1/system/about`, auth);
    expect(about.status).toBe(200);
    const version = await about.json();
    for (const older of ["v8", "v7", "v6"]) {
      const res = await fetch(`${mockUrl}/api/${older}/system/about`, auth);
      expect(res.status, older).toBe(200);
      expect(await res.json(), older).toEqual(version);
    }
    // Prism still checks them as v8.1 requests: no token, no answer.
    expect((await fetch(`${mockUrl}/api/v8/system/about`)).status).toBe(401);

    const list = await fetch(`${mockUrl}/api/v8.1/restorePoints/virtualMachines/snapshots`, auth);
    expect(list.status).toBe(200);
    const page = await list.json();
    expect(page).toMatchObject({ offset: 0, limit: 100, totalCount: page.results.length });
  });

  it("answers the v8.1 deletes, one VM's and a batch's, 202 with a job session under every v8.1 prefix", async () => {
    const vm = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
    const post = (path: string, body?: unknown) =>
      fetch(`${mockUrl}${path}`, {
        method: "POST",
        headers: { ...auth.headers, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    for (const prefix of ["/api/v8.1", "/api/v8"]) {
      for (const action of ["deleteSnapshots", "deleteManualSnapshots"]) {
        for (const res of [
          await post(`${prefix}/protectedItem/virtualMachines/${vm}/${action}`),
          await post(`${prefix}/protectedItem/virtualMachines/${action}`, { ids: [vm] }),
        ]) {
          expect(res.status, `${res.url}`).toBe(202);
          const session = await res.json();
          const polled = await fetch(`${mockUrl}${prefix}/jobSessions/${session.id}`, auth);
          expect(polled.status).toBe(200);
          expect((await polled.json()).id).toBe(session.id);
        }
      }
    }
    // The token path, in every spec, is answered once, from the newest.
    const token = await fetch(`${mockUrl}/api/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "Password", username: "backupadmin", password: "p" }),
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ access_token: expect.any(String), token_type: "bearer" });
  });

  it.each(["/api/v5/system/about", "/api/v9/jobSessions/8", "/api/v1.1", "/api/v8.2/system/about"])(
    "answers %s, a version it does not serve, 404 with a problem as such an appliance would",
    async (path) => {
      const res = await fetch(`${mockUrl}${path}`, { ...auth, method: path.endsWith("8") ? "POST" : "GET" });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const version = /^\/api\/(v[\d.]+)/.exec(path)?.[1];
      expect(await res.json()).toEqual({
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        title: "Not Found",
        status: 404,
        detail: `API version ${version} is not served here: this mock appliance serves v1, v8.1 (and v6, v7, v8 with the v8.1 operations).`,
      });
    },
  );

  it("serves the v8.1 list as windows by Offset and Limit, with totalCount the whole example", async () => {
    await using mock = await startExamplesMock({ port: 0, spec: [spec, v81Fixture] });
    const page = async (path: string) => {
      const res = await fetch(`${mock.url}${path}`, auth);
      const text = await res.text(); // the fixture's 400 has no body
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const list = "/api/v8.1/restorePoints/virtualMachines/snapshots";
    const all = [{ name: "vm-a" }, { name: "vm-b" }, { name: "vm-c" }];
    // The example itself when it is what was asked for (its host as written, `:443` and all).
    const seed = {
      offset: 0,
      limit: 100,
      totalCount: 3,
      results: all,
      _links: { self: { href: `https://abc.ukwest.cloudapp.azure.com:443${list}?Offset=0&Limit=100` } },
    };
    expect(await page(list)).toEqual({ status: 200, body: seed });
    expect((await page(`${list}?Offset=0&Limit=100`)).body).toEqual(seed);
    // Otherwise the self link follows the window (as a URL writes it, without the default port).
    const self = (query: string) => ({
      self: { href: `https://abc.ukwest.cloudapp.azure.com${list}?${query}` },
    });
    expect((await page(`${list}?Offset=1&Limit=1`)).body).toEqual({
      offset: 1,
      limit: 1,
      totalCount: 3,
      results: [{ name: "vm-b" }],
      _links: self("Offset=1&Limit=1"),
    });
    expect((await page(`${list}?Limit=2`)).body).toMatchObject({
      offset: 0,
      limit: 2,
      results: all.slice(0, 2),
    });
    expect((await page(`${list}?Offset=3`)).body).toMatchObject({
      offset: 3,
      limit: 100,
      totalCount: 3,
      results: [],
    });
    // v8.1 accepts Limit=0 and -1 (undocumented): none, and every item from the offset.
    expect((await page(`${list}?Limit=0`)).body).toMatchObject({ limit: 0, totalCount: 3, results: [] });
    expect((await page(`${list}?Offset=1&Limit=-1`)).body).toMatchObject({
      offset: 1,
      limit: -1,
      results: all.slice(1),
    });
    // The names are case-sensitive, as on the appliance: lower-case ones are not the page's.
    expect((await page(`${list}?offset=1&limit=1`)).body).toMatchObject({
      offset: 0,
      limit: 100,
      results: all,
    });
    // An older version's prefix gets the same windows.
    expect((await page("/api/v7/restorePoints/virtualMachines/snapshots?Offset=2")).body).toMatchObject({
      offset: 2,
      limit: 100,
      totalCount: 3,
      results: [{ name: "vm-c" }],
    });
    expect((await page(`${list}?Offset=-1`)).status).toBe(400); // Prism still validates
    expect((await fetch(`${mock.url}${list}?Offset=1`)).status).toBe(401); // and still wants a token
    // and v1 keeps its own parameter names and default limit beside it.
    expect((await page("/api/v1/virtualMachineSnapshots?offset=1")).body).toMatchObject({
      offset: 1,
      limit: 30,
      results: [],
    });
  });

  it("answers a v8.1 delete 202 with its job session, and the token path from the newest spec", async () => {
    await using mock = await startExamplesMock({ port: 0, spec: [spec, v81Fixture] });
    const deleted = await fetch(`${mock.url}/api/v8.1/protectedItem/virtualMachines/vm-a/deleteSnapshots`, {
      ...auth,
      method: "POST",
    });
    expect(deleted.status).toBe(202);
    expect(await deleted.json()).toEqual({ id: "3f1d6c1e-0000-4000-8000-000000000081", status: "Running" });
    const v1 = await fetch(`${mock.url}/api/v1/virtualMachines/vm-a/deleteSnapshots`, {
      ...auth,
      method: "POST",
    });
    expect(v1.status).toBe(200);
    expect(await v1.json()).toMatchObject({ id: "8" });

    const token = await fetch(`${mock.url}/api/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "Password", username: "u", password: "p" }),
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toEqual({ access_token: "fixture-v8.1-token", token_type: "bearer" });
  });

  it("sends the token path to the newest spec whatever their order, and reads a JSON bundle too", async () => {
    await using mock = await startExamplesMock({ port: 0, spec: [v81Fixture, bundles.v1.json] });
    const token = await fetch(`${mock.url}/api/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "Password", username: "u", password: "p" }),
    });
    expect(await token.json()).toMatchObject({ access_token: "fixture-v8.1-token" });
    expect((await fetch(`${mock.url}/api/v1/jobSessions/8`, auth)).status).toBe(200);
  });

  it("stops every Prism it started on close", async () => {
    const mock = await startExamplesMock({ port: 0, spec: [spec, v81Fixture] });
    expect(mock.pids).toHaveLength(2);
    expect(new Set(mock.pids).size).toBe(2);
    expect(mock.pid).toBe(mock.pids[0]);
    for (const pid of mock.pids) expect(alive(pid)).toBe(true);
    await mock.close();
    for (const pid of mock.pids) {
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    }
    await mock.close(); // a second close is harmless
  });

  it("leaves no Prism running when another fails to start", async () => {
    const { pids, error } = await spawnedBy(() =>
      startExamplesMock({ port: 0, spec: [spec, "/nonexistent/v8.1.yaml"] }),
    );
    expect(error).toMatchObject({ message: expect.stringMatching(/^Prism exited[\s\S]*nonexistent/) });
    expect(pids).toHaveLength(2);
    for (const pid of pids) {
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    }
  });

  it("refuses two specs of one version, stopping both Prisms", async () => {
    const { pids, error } = await spawnedBy(() =>
      startExamplesMock({ port: 0, spec: [spec, bundles.v1.json] }),
    );
    expect(error).toEqual(
      new Error(`${spec} and ${bundles.v1.json} both describe /api/v1/: give one spec per API version`),
    );
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it("refuses a spec with no version prefix to route by, stopping its Prism", async () => {
    const unversioned = join(root, "test/fixtures/mock-unversioned.yaml");
    const { pids, error } = await spawnedBy(() => startExamplesMock({ port: 0, spec: unversioned }));
    expect(error).toEqual(
      new Error(
        `${unversioned} has no paths under /api/v<version>/: the mock appliance routes each request by that prefix`,
      ),
    );
    expect(pids).toHaveLength(1);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it("answers only the versions of the specs it serves", async () => {
    await using mock = await startExamplesMock({ port: 0, spec });
    const res = await fetch(`${mock.url}/api/v8/system/about`, auth);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      detail: "API version v8 is not served here: this mock appliance serves v1.",
    });
  });
});
