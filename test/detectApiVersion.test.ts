// detectApiVersion against a real loopback server that serves one API version's prefix and answers 404 to every
// other: the probes newest first with a limit of 1, one login for all of them, system/about on v6 and later, and
// the answers that are not a missing version (401, 403, 500) passed on rather than probed past.
import type { ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  createClient,
  type DetectedApiVersion,
  detectApiVersion,
  NetworkError,
  VeeamAzureError,
} from "../src/index.js";
import { type FaultServer, json, startFaultServer } from "./helpers/faultServer.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const credentials = { username: "backupadmin", password: "test-only-password" };
const isToken = (url: string) => url === "/api/oauth2/token";
const probes = () => server.received.filter((r) => !isToken(r.url)).map((r) => r.url);
const logins = () => server.received.filter((r) => isToken(r.url));
const tokens = {
  access_token: "access-1",
  token_type: "bearer",
  refresh_token: "refresh-1",
  expires_in: 3600,
};
const notFound = { title: "Not Found", status: 404, detail: "No such resource.", traceId: "0HN404" };
/** What was found, without the client (a set of functions). */
const found = ({ apiVersion, serverVersion }: DetectedApiVersion) => ({ apiVersion, serverVersion });
const listProbe = (version: string) =>
  version === "v1"
    ? "/api/v1/virtualMachineSnapshots?offset=0&limit=1"
    : `/api/${version}/restorePoints/virtualMachines/snapshots?Offset=0&Limit=1`;

/** An appliance that serves `version` alone: its list and (v6+) its system/about; a 404 to anything else. */
function serveOnly(version: string, about: unknown = { serverVersion: `${version.slice(1)}.0.1234` }) {
  server.handle((req, res) => {
    const url = req.url ?? "";
    if (isToken(url)) json(res, 200, tokens);
    else if (url.startsWith(`/api/${version}/restorePoints/virtualMachines/snapshots?`))
      json(res, 200, { offset: 0, limit: 1, totalCount: 0, results: [] });
    else if (version === "v1" && url.startsWith("/api/v1/virtualMachineSnapshots?"))
      json(res, 200, { offset: 0, limit: 1, results: [] });
    else if (version !== "v1" && url === `/api/${version}/system/about`) json(res, 200, about);
    else json(res, 404, notFound);
  });
}

describe("detectApiVersion", () => {
  it.each([
    ["v8.1", []],
    ["v8", ["v8.1"]],
    ["v7", ["v8.1", "v8"]],
    ["v6", ["v8.1", "v8", "v7"]],
  ])(
    "finds %s, probing the newer versions before it, and reads its system/about",
    async (version, before) => {
      serveOnly(version, { serverVersion: "8.1.0.123", workerVersion: "8.1.0.45" });
      expect(found(await detectApiVersion({ baseUrl: server.url, credentials }))).toEqual({
        apiVersion: version,
        serverVersion: "8.1.0.123",
      });
      expect(probes()).toEqual([...[...before, version].map(listProbe), `/api/${version}/system/about`]);
    },
  );

  it("finds v1 after trying every newer version, with v1's lower-case limit=1, and no system/about", async () => {
    serveOnly("v1");
    const detected = await detectApiVersion({ baseUrl: server.url, credentials });
    expect(found(detected)).toEqual({ apiVersion: "v1", serverVersion: undefined });
    expect(detected.serverVersion).toBeUndefined();
    expect(probes()).toEqual(["v8.1", "v8", "v7", "v6", "v1"].map(listProbe));
  });

  it("logs in once for all the probes, and sends its token with each", async () => {
    serveOnly("v1");
    await detectApiVersion({ baseUrl: server.url, credentials });
    expect(logins()).toHaveLength(1);
    expect(new URLSearchParams(logins()[0]?.body).get("grant_type")).toBe("Password");
    const bearers = server.received.filter((r) => !isToken(r.url)).map((r) => r.headers.authorization);
    expect(bearers).toEqual(Array(5).fill("Bearer access-1"));
  });

  it("works with a token instead of credentials", async () => {
    serveOnly("v8");
    await expect(detectApiVersion({ baseUrl: server.url, token: "given-token" })).resolves.toMatchObject({
      apiVersion: "v8",
    });
    expect(logins()).toHaveLength(0);
    expect(server.received.map((r) => r.headers.authorization)).toEqual(Array(3).fill("Bearer given-token"));
  });

  it.each([[{}], [{ serverVersion: 8.1 }], [{ serverVersion: null }], [{ serverVersion: "" }]])(
    "gives serverVersion undefined when system/about says %o",
    async (about) => {
      serveOnly("v8.1", about);
      expect(found(await detectApiVersion({ baseUrl: server.url, token: "t" }))).toEqual({
        apiVersion: "v8.1",
        serverVersion: undefined,
      });
    },
  );

  it("gives a client of the version found what it needs", async () => {
    serveOnly("v7");
    const { apiVersion } = await detectApiVersion({ baseUrl: server.url, token: "t" });
    const client = createClient({ baseUrl: server.url, token: "t", apiVersion });
    await expect(client.getVirtualMachineSnapshotsPage({ limit: 1 })).resolves.toMatchObject({ results: [] });
  });

  it("rejects with a VeeamAzureError listing the versions tried when every prefix answers 404", async () => {
    server.handle((req, res) => (isToken(req.url ?? "") ? json(res, 200, tokens) : json(res, 404, notFound)));
    const error = await detectApiVersion({ baseUrl: server.url, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VeeamAzureError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain("v8.1, v8, v7, v6, v1");
    expect((error as Error).message).toContain(server.url);
    expect(probes()).toEqual(["v8.1", "v8", "v7", "v6", "v1"].map(listProbe));
    expect(logins()).toHaveLength(1);
  });

  it.each([401, 403])("rejects with the ApiError of a %i, without probing further", async (status) => {
    server.handle((_req, res) =>
      json(res, status, { title: status === 401 ? "Unauthorized" : "Forbidden", status }),
    );
    const error = await detectApiVersion({ baseUrl: server.url, token: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, path: "/api/v8.1/restorePoints/virtualMachines/snapshots" });
    expect(probes()).toEqual([listProbe("v8.1")]);
  });

  it("rejects with the ApiError of a 401 on an older prefix, having moved on only past the 404s", async () => {
    server.handle((req, res) =>
      req.url?.startsWith("/api/v7/")
        ? json(res, 401, { title: "Unauthorized", status: 401 })
        : json(res, 404, notFound),
    );
    await expect(detectApiVersion({ baseUrl: server.url, token: "t" })).rejects.toMatchObject({
      status: 401,
    });
    expect(probes()).toEqual(["v8.1", "v8", "v7"].map(listProbe));
  });

  it("rejects with the login's ApiError when the password is refused, after one login", async () => {
    server.handle((_req, res) => json(res, 401, { title: "Unauthorized", status: 401, traceId: "0HNLOGIN" }));
    const error = await detectApiVersion({ baseUrl: server.url, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, path: "/api/oauth2/token" });
    expect(server.received.map((r) => r.url)).toEqual(["/api/oauth2/token"]);
  });

  it("rejects with the ApiError of a 500 instead of trying an older version", async () => {
    server.handle((_req, res) => json(res, 500, { title: "Internal Server Error", status: 500 }));
    await expect(detectApiVersion({ baseUrl: server.url, token: "t", retry: false })).rejects.toMatchObject({
      status: 500,
    });
    expect(probes()).toEqual([listProbe("v8.1")]);
  });

  it("does not take a 404 from the token endpoint for a missing version: one login, and its error", async () => {
    server.handle((_req, res) => json(res, 404, notFound));
    const error = await detectApiVersion({ baseUrl: server.url, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, path: "/api/oauth2/token" });
    expect(logins()).toHaveLength(1); // the password is not sent once per version
  });

  it("stops before any request when its signal is already aborted", async () => {
    serveOnly("v8.1");
    const controller = new AbortController();
    controller.abort(new Error("stopped by the caller"));
    await expect(
      detectApiVersion({ baseUrl: server.url, token: "t", signal: controller.signal }),
    ).rejects.toThrow("stopped by the caller");
    expect(server.received).toHaveLength(0);
  });

  it("refuses bad options with a TypeError before any request", async () => {
    await expect(detectApiVersion({ baseUrl: server.url })).rejects.toBeInstanceOf(TypeError);
    await expect(detectApiVersion({ baseUrl: "not a url", token: "t" })).rejects.toBeInstanceOf(TypeError);
    expect(server.received).toHaveLength(0);
  });
});

describe("detectApiVersion's system/about", () => {
  /** An appliance that serves v8.1's list, and answers system/about with `about`. */
  function aboutAnswers(about: (res: ServerResponse) => void) {
    server.handle((req, res) => {
      const url = req.url ?? "";
      if (isToken(url)) json(res, 200, tokens);
      else if (url === "/api/v8.1/system/about") about(res);
      else json(res, 200, { offset: 0, limit: 1, totalCount: 0, results: [] });
    });
  }
  const html = (status: number) => (res: ServerResponse) =>
    res
      .writeHead(status, { "content-type": "text/html" })
      .end("<html><head><title>Access denied</title></head><body>No.</body></html>");

  it.each([
    [
      "a 403",
      (res: ServerResponse) => json(res, 403, { title: "Forbidden", status: 403, traceId: "0HN403" }),
    ],
    [
      "a 500 problem",
      (res: ServerResponse) =>
        json(res, 500, { title: "Internal Server Error", status: 500, traceId: "0HN500" }),
    ],
    ["a gateway's HTML error page", html(502)],
    ["a 200 HTML page (a proxy's login page)", html(200)],
    ["a 200 that is not JSON", (res: ServerResponse) => json(res, 200, ["8.1.0.123"])],
  ])("answering %s after the list answered 200 leaves the product version unknown", async (_what, about) => {
    aboutAnswers(about);
    const detected = await detectApiVersion({ baseUrl: server.url, credentials, retry: false });
    expect(found(detected)).toEqual({ apiVersion: "v8.1", serverVersion: undefined });
    expect(detected.client.apiVersion).toBe("v8.1");
    expect(probes()).toEqual([listProbe("v8.1"), "/api/v8.1/system/about"]);
  });

  it("whose connection is reset still rejects the detection, with the NetworkError", async () => {
    aboutAnswers((res) => res.socket?.destroy());
    const error = await detectApiVersion({ baseUrl: server.url, credentials, retry: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(probes()).toEqual([listProbe("v8.1"), "/api/v8.1/system/about"]);
  });

  it("still rejects when the caller aborts during it", async () => {
    const controller = new AbortController();
    aboutAnswers(() => controller.abort(new Error("stopped by the caller"))); // and never answers
    await expect(
      detectApiVersion({ baseUrl: server.url, credentials, signal: controller.signal }),
    ).rejects.toThrow("stopped by the caller");
  });
});

describe("detectApiVersion's client", () => {
  it.each(["v8.1", "v8", "v7", "v6", "v1"])(
    "is of the version found (%s), and lists on its prefix with the detection's login",
    async (version) => {
      serveOnly(version);
      const detected = await detectApiVersion({ baseUrl: server.url, credentials });
      expect(detected.apiVersion).toBe(version);
      expect(detected.client.apiVersion).toBe(version);
      const before = server.received.length;
      const items: unknown[] = [];
      for await (const vm of detected.client.listVirtualMachineSnapshots()) items.push(vm);
      expect(items).toEqual([]);
      const listed = server.received.slice(before);
      expect(listed.map((r) => r.url)).toEqual([
        version === "v1"
          ? "/api/v1/virtualMachineSnapshots?offset=0&limit=30"
          : `/api/${version}/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100`,
      ]);
      expect(listed.map((r) => r.headers.authorization)).toEqual(["Bearer access-1"]);
      // One login for the detection and the listing after it: a user with MFA is asked for one code.
      expect(logins()).toHaveLength(1);
    },
  );

  it("asks a user with MFA for one code, for the detection and the calls after it", async () => {
    const code = "492817";
    server.handle((req, res, body) => {
      const url = req.url ?? "";
      if (isToken(url)) {
        const form = new URLSearchParams(body);
        if (form.get("grant_type") === "Password") json(res, 200, { mfa_enabled: true, mfa_token: "mfa-1" });
        else if (form.get("mfa_code") === code) json(res, 200, tokens);
        else json(res, 400, { title: "Bad Request", status: 400 });
      } else if (url === "/api/v8.1/system/about") json(res, 200, { serverVersion: "8.1.0.123" });
      else json(res, 200, { offset: 0, limit: 1, totalCount: 0, results: [] });
    });
    let asked = 0;
    const mfaCode = () => {
      asked++;
      return code;
    };
    const { client } = await detectApiVersion({
      baseUrl: server.url,
      credentials: { ...credentials, mfaCode },
    });
    for await (const _ of client.listVirtualMachineSnapshots()) {
      // empty
    }
    await client.getVirtualMachineSnapshotsPage({ limit: 5 });
    expect(asked).toBe(1);
    expect(logins().map((r) => new URLSearchParams(r.body).get("grant_type"))).toEqual(["Password", "Mfa"]);
  });
});
