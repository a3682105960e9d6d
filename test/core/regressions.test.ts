// The faults issue 10 found on the v1 client, each through the public createClient against a real loopback
// server, on v1 and on the v8.1 operations (v6 and v8.1 prefixes): every test here failed before the request pipeline (a 503 then a 200 with `ca`; 5 attempts where 3 were
// allowed; a failed refresh failing a valid token; a listing that stopped after a capped page; a re-login that an
// abort had to wait for; a replay after a 401 that was not retried; template paths in ApiError messages).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, createClient, type Fetch } from "../../src/index.js";
import { selfSignedCertificate } from "../helpers/certificate.js";
import {
  type FaultServer,
  jobSession,
  json,
  snapshotPage,
  startFaultServer,
} from "../helpers/faultServer.js";
import { closedPort } from "../helpers/ports.js";

let server: FaultServer;
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const token = (access: string, expiresIn = 3600) => ({
  access_token: access,
  token_type: "bearer",
  refresh_token: `refresh-of-${access}`,
  expires_in: expiresIn,
});
const isToken = (url: string | undefined) => url === "/api/oauth2/token";

/** The global fetch, except that its first call goes to `refusedUrl` (so that connection is refused). */
function refusedFirst(refusedUrl: string): Fetch {
  let calls = 0;
  return (url, init) => globalThis.fetch(calls++ === 0 ? url.replace(server.url, refusedUrl) : url, init);
}

// The paths of each version, where a test looks at them.
const jobSessionPaths = {
  v1: ["/api/v1/jobSessions/77", "/api/v1/jobSessions/{id}"],
  v6: ["/api/v6/jobSessions/77", "/api/v6/jobSessions/{sessionId}"],
  "v8.1": ["/api/v8.1/jobSessions/77", "/api/v8.1/jobSessions/{sessionId}"],
} as const;

describe.each(["v1", "v6", "v8.1"] as const)("on %s", (apiVersion) => {
  describe("with `ca`, a retried GET", () => {
    it("resolves with the session, not with the TLS fetch's raw Response", async () => {
      const certificate = await selfSignedCertificate(["127.0.0.1"]);
      server = await startFaultServer(certificate);
      server.handle((_req, res, _body, index) =>
        index === 0
          ? json(res, 503, { title: "Service Unavailable" })
          : json(res, 200, jobSession("8", "Success")),
      );
      const client = createClient({
        apiVersion,
        baseUrl: server.url,
        token: "t",
        ca: certificate.cert,
        retry,
      });
      await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8", status: "Success" });
      expect(server.received).toHaveLength(2);
    });
  });

  describe("`attempts` bounds every attempt", () => {
    beforeEach(async () => {
      server = await startFaultServer();
    });

    it("a GET reset once, then answered 503, is sent 3 times with attempts: 3", async () => {
      server.handle((req, res, _body, index) => {
        if (index === 0) req.socket.destroy();
        else json(res, 503, { title: "Service Unavailable" });
      });
      const client = createClient({ apiVersion, baseUrl: server.url, token: "t", retry });
      await expect(client.getJobSession("8")).rejects.toMatchObject({ status: 503 });
      expect(server.received).toHaveLength(3);
    });

    it("a deleteSnapshots POST refused once, then answered 503, is attempted 3 times with attempts: 3", async () => {
      server.handle((_req, res) => json(res, 503, { title: "Service Unavailable" }));
      const fetch = refusedFirst(`http://127.0.0.1:${await closedPort()}`);
      const client = createClient({ apiVersion, baseUrl: server.url, token: "t", retry, fetch });
      await expect(client.deleteVirtualMachineSnapshots("vm-1")).rejects.toMatchObject({ status: 503 });
      expect(server.received.map((r) => r.method)).toEqual(["POST", "POST"]); // the first never arrived
    });

    it("the replay after a 401 is one of them, and a 503 on it is retried", async () => {
      let issued = 0;
      server.handle((req, res) => {
        if (isToken(req.url)) json(res, 200, token(`access-${++issued}`));
        else if (req.headers.authorization === "Bearer access-1") json(res, 401, { title: "Unauthorized" });
        else if (server.received.filter((r) => !isToken(r.url)).length === 2)
          json(res, 503, { title: "Service Unavailable" });
        else json(res, 200, jobSession("8", "Success"));
      });
      const credentials = { username: "backupadmin", password: "secret" };
      const client = createClient({ apiVersion, baseUrl: server.url, credentials, retry });
      await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
      expect(server.received.filter((r) => !isToken(r.url)).map((r) => r.headers.authorization)).toEqual([
        "Bearer access-1",
        "Bearer access-2",
        "Bearer access-2",
      ]);
    });
  });

  describe("a login session", () => {
    beforeEach(async () => {
      server = await startFaultServer();
    });
    const credentials = { username: "backupadmin", password: "secret" };

    it("keeps serving a token that has not expired when its refresh gets a 500", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      server.handle((req, res, body) => {
        if (!isToken(req.url)) json(res, 200, jobSession("8", "Success"));
        else if (new URLSearchParams(body).get("grant_type") === "Password")
          json(res, 200, token("access-1"));
        else json(res, 500, { title: "Internal Server Error", status: 500 });
      });
      const client = createClient({ apiVersion, baseUrl: server.url, credentials, retry: false });
      await client.getJobSession("8");
      vi.setSystemTime(Date.now() + 3_570_000); // 30 s before expiry: time to renew, and the renewal fails
      await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
      await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
    });

    it("stops waiting at once when the caller aborts during the re-login after a 401", async () => {
      let releaseLogin = () => {};
      let logins = 0;
      server.handle((req, res) => {
        if (!isToken(req.url)) json(res, 401, { title: "Unauthorized" });
        else if (++logins === 1) json(res, 200, token("access-1"));
        else releaseLogin = () => json(res, 200, token("access-2")); // the renewal hangs until released
      });
      const client = createClient({ apiVersion, baseUrl: server.url, credentials, retry });
      const controller = new AbortController();
      const pending = client.getJobSession("8", { signal: controller.signal });
      await vi.waitFor(() => expect(logins).toBe(2));
      controller.abort(new Error("stopped by the caller"));
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        pending.then(
          () => "resolved",
          (error: Error) => error.message,
        ),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 2_000, "still waiting for the login");
        }),
      ]);
      clearTimeout(timer);
      releaseLogin();
      expect(outcome).toBe("stopped by the caller");
    });
  });

  describe("listing", () => {
    beforeEach(async () => {
      server = await startFaultServer();
    });

    it("loses no snapshot when the appliance caps the page but echoes the requested limit", async () => {
      server.handle((req, res) => {
        const query = new URL(req.url ?? "", server.url).searchParams;
        const [offsetName, limitName] = apiVersion === "v1" ? ["offset", "limit"] : ["Offset", "Limit"];
        const offset = Number(query.get(offsetName));
        json(
          res,
          200,
          snapshotPage(offset, Number(query.get(limitName)), Math.max(0, Math.min(2, 5 - offset))),
        );
      });
      const client = createClient({ apiVersion, baseUrl: server.url, token: "t" });
      const names: string[] = [];
      for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 5 })) names.push(vm.name ?? "");
      expect(names).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
    });
  });

  describe("an ApiError", () => {
    beforeEach(async () => {
      server = await startFaultServer();
    });

    it("names the path requested, as network and timeout errors do, and keeps the template apart", async () => {
      server.handle((_req, res) =>
        json(res, 404, { title: "Not Found", status: 404, detail: "Job session '77' was not found." }),
      );
      const error = await createClient({ apiVersion, baseUrl: server.url, token: "t" })
        .getJobSession("77")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      const [path, pathTemplate] = jobSessionPaths[apiVersion];
      expect((error as ApiError).message).toBe(
        `GET ${path}: 404 Not Found - Job session '77' was not found.`,
      );
      expect(error).toMatchObject({ path, pathTemplate });
    });
  });
});
