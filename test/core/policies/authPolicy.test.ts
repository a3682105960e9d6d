// Authentication against a real loopback server: bearer tokens from a string or a provider, and a login
// session from credentials (shared login, refresh before expiry, one re-login after a 401), without ever
// exposing a secret.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../src/core/errors.js";
import { createClient } from "../../../src/v1/client.js";
import { type FaultServer, jobSession, json, startFaultServer } from "../../helpers/faultServer.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

const password = "Pa55-w0rd-never-shown";
const api = () => server.received.filter((r) => !r.url.startsWith("/api/oauth2/token"));
const grants = () =>
  server.received
    .filter((r) => r.url === "/api/oauth2/token")
    .map((r) => Object.fromEntries(new URLSearchParams(r.body)));

/** An appliance that issues access-1, access-2, ... and accepts only the newest access token. */
function appliance(options: { rejectLogin?: boolean; rejectRefresh?: boolean; expiresIn?: number } = {}) {
  let issued = 0;
  server.handle((req, res, body) => {
    if (req.url === "/api/oauth2/token") {
      const form = new URLSearchParams(body);
      const refused =
        (form.get("grant_type") === "Password" &&
          (options.rejectLogin || form.get("password") !== password)) ||
        (form.get("grant_type") === "Refresh_token" && options.rejectRefresh);
      if (refused) {
        json(
          res,
          401,
          { title: "Unauthorized", status: 401, detail: "Invalid user name or password." },
          {
            "content-type": "application/problem+json",
          },
        );
        return;
      }
      issued++;
      json(res, 200, {
        access_token: `access-${issued}`,
        token_type: "bearer",
        refresh_token: `refresh-${issued}`,
        expires_in: options.expiresIn ?? 3600,
      });
      return;
    }
    if (req.headers.authorization !== `Bearer access-${issued}`)
      json(res, 401, { title: "Unauthorized", status: 401 });
    else json(res, 200, jobSession("8", "Success"));
  });
}

describe("bearer tokens", () => {
  it("sends a fixed token on every request", async () => {
    server.handle((_req, res) => json(res, 200, jobSession("8", "Success")));
    const client = createClient({ baseUrl: server.url, token: "fixed" });
    await client.getJobSession("8");
    await client.getJobSession("8");
    expect(api().map((r) => r.headers.authorization)).toEqual(["Bearer fixed", "Bearer fixed"]);
  });

  it("asks a token provider before each request", async () => {
    server.handle((_req, res) => json(res, 200, jobSession("8", "Success")));
    let n = 0;
    const client = createClient({ baseUrl: server.url, token: async () => `token-${++n}` });
    await client.getJobSession("8");
    await client.getJobSession("8");
    expect(api().map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("after a 401, asks the provider once more and replays once if the token changed", async () => {
    server.handle((req, res) =>
      req.headers.authorization === "Bearer fresh"
        ? json(res, 200, jobSession("8", "Success"))
        : json(res, 401, { title: "Unauthorized" }),
    );
    const tokens = ["stale", "fresh"];
    const client = createClient({ baseUrl: server.url, token: () => tokens.shift() ?? "fresh" });
    await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
    expect(api().map((r) => r.headers.authorization)).toEqual(["Bearer stale", "Bearer fresh"]);
  });

  it("does not replay with a fixed token: the 401 is an ApiError", async () => {
    server.handle((_req, res) =>
      json(res, 401, { title: "Unauthorized", status: 401, detail: "Token expired." }),
    );
    const client = createClient({ baseUrl: server.url, token: "expired" });
    await expect(client.getJobSession("8")).rejects.toThrow(
      "GET /api/v1/jobSessions/8: 401 Unauthorized - Token expired.",
    );
    expect(api()).toHaveLength(1);
  });

  it("rejects a provider that returns no token", async () => {
    const client = createClient({ baseUrl: server.url, token: () => "" });
    await expect(client.getJobSession("8")).rejects.toThrow(
      new TypeError("the token provider must return a non-empty string"),
    );
    expect(server.received).toHaveLength(0);
  });
});

describe("credentials", () => {
  const credentials = { username: "backupadmin", password };

  it("logs in once, form-encoded, for concurrent first calls", async () => {
    appliance();
    const client = createClient({ baseUrl: server.url, credentials });
    await Promise.all(Array.from({ length: 5 }, () => client.getJobSession("8")));
    expect(grants()).toEqual([{ grant_type: "Password", username: "backupadmin", password }]);
    const login = server.received[0];
    expect(login?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(login?.headers.authorization).toBeUndefined();
    expect(api().map((r) => r.headers.authorization)).toEqual(Array(5).fill("Bearer access-1"));
  });

  it("refreshes with the refresh token shortly before expiry, in the background: the valid token keeps serving", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    appliance();
    const client = createClient({ baseUrl: server.url, credentials });
    await client.getJobSession("8");
    vi.setSystemTime(Date.now() + 3_500_000); // 100 s before expiry: still fresh
    await client.getJobSession("8");
    vi.setSystemTime(Date.now() + 50_000); // 50 s before expiry: renew, but do not wait for it
    await client.getJobSession("8");
    expect(api().map((r) => r.headers.authorization)).toEqual(Array(3).fill("Bearer access-1"));
    await vi.waitFor(async () => {
      await client.getJobSession("8");
      expect(api().at(-1)?.headers.authorization).toBe("Bearer access-2");
    });
    expect(grants().map((g) => g.grant_type)).toEqual(["Password", "Refresh_token"]);
    expect(grants()[1]).toEqual({ grant_type: "Refresh_token", refresh_token: "refresh-1" });
  });

  it("keeps using a valid token when its refresh fails, and tries the refresh again later (regression)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    let refreshes = 0;
    server.handle((req, res, body) => {
      const form = new URLSearchParams(body);
      if (req.url !== "/api/oauth2/token") json(res, 200, jobSession("8", "Success"));
      else if (form.get("grant_type") === "Refresh_token" && ++refreshes === 1)
        json(res, 500, { title: "Internal Server Error", status: 500 });
      else json(res, 200, { access_token: `access-${refreshes}`, refresh_token: "r", expires_in: 3600 });
    });
    const client = createClient({ baseUrl: server.url, credentials, retry: false });
    await client.getJobSession("8");
    vi.setSystemTime(Date.now() + 3_550_000); // 50 s before expiry: a refresh starts, and gets a 500
    await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
    await vi.waitFor(() => expect(refreshes).toBe(1));
    await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" }); // within the retry pause
    expect(refreshes).toBe(1);
    vi.setSystemTime(Date.now() + 10_000); // the pause is over: the next request starts another refresh
    await client.getJobSession("8");
    expect(api().map((r) => r.headers.authorization)).toEqual(Array(4).fill("Bearer access-0"));
    await vi.waitFor(async () => {
      await client.getJobSession("8");
      expect(api().at(-1)?.headers.authorization).toBe("Bearer access-2");
    });
    expect(refreshes).toBe(2);
  });

  it("waits for the refresh when the token has expired, and fails with the refresh's error then", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    server.handle((req, res, body) => {
      if (req.url !== "/api/oauth2/token") json(res, 200, jobSession("8", "Success"));
      else if (new URLSearchParams(body).get("grant_type") === "Refresh_token")
        json(res, 500, { title: "Internal Server Error", status: 500, detail: "Token store down." });
      else json(res, 200, { access_token: "access-1", refresh_token: "r", expires_in: 3600 });
    });
    const client = createClient({ baseUrl: server.url, credentials, retry: false });
    await client.getJobSession("8");
    vi.setSystemTime(Date.now() + 3_600_000);
    await expect(client.getJobSession("8")).rejects.toThrow(
      "POST /api/oauth2/token: 500 Internal Server Error - Token store down.",
    );
    expect(api()).toHaveLength(1);
  });

  it("logs in again when the refresh token is refused", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    appliance({ rejectRefresh: true });
    const client = createClient({ baseUrl: server.url, credentials });
    await client.getJobSession("8");
    vi.setSystemTime(Date.now() + 3_600_000);
    await client.getJobSession("8");
    expect(grants().map((g) => g.grant_type)).toEqual(["Password", "Refresh_token", "Password"]);
  });

  it("renews the token once after a 401 (with the refresh token) and replays the request", async () => {
    let revoked = false;
    let issued = 0;
    server.handle((req, res, body) => {
      if (req.url === "/api/oauth2/token") {
        issued++;
        json(res, 200, {
          access_token: `access-${issued}`,
          token_type: "bearer",
          refresh_token: "r",
          expires_in: 3600,
        });
      } else if (!revoked && req.headers.authorization === "Bearer access-1") {
        revoked = true;
        json(res, 401, { title: "Unauthorized" });
      } else json(res, 200, jobSession("8", "Success"));
      void body;
    });
    const client = createClient({ baseUrl: server.url, credentials });
    await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
    expect(grants().map((g) => g.grant_type)).toEqual(["Password", "Refresh_token"]);
    expect(api().map((r) => r.headers.authorization)).toEqual(["Bearer access-1", "Bearer access-2"]);
  });

  it("renews and replays once per request when the appliance keeps answering 401", async () => {
    server.handle((req, res) =>
      req.url === "/api/oauth2/token"
        ? json(res, 200, { access_token: "a", token_type: "bearer", refresh_token: "r", expires_in: 3600 })
        : json(res, 401, { title: "Unauthorized" }),
    );
    const client = createClient({ baseUrl: server.url, credentials });
    await expect(client.getJobSession("8")).rejects.toMatchObject({ status: 401 });
    expect(grants()).toHaveLength(2);
    expect(api()).toHaveLength(2);
  });

  it("reports a failed login as a clear ApiError that never shows the password", async () => {
    appliance({ rejectLogin: true });
    const client = createClient({ baseUrl: server.url, credentials });
    const error = await client.getJobSession("8").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      "POST /api/oauth2/token: 401 Unauthorized - Invalid user name or password.",
    );
    for (const text of [
      String(error),
      (error as Error).stack,
      inspect(error, { depth: 10, showHidden: true }),
      inspect(client, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(password);
    }
    expect(api()).toHaveLength(0);
  });

  it("keeps the access token out of errors and of the client's inspection", async () => {
    server.handle((_req, res) => json(res, 404, { title: "Not Found", status: 404 }));
    const client = createClient({ baseUrl: server.url, token: "tok-abc-123-secret" });
    const error = await client.getJobSession("9").catch((e: unknown) => e);
    for (const text of [
      String(error),
      (error as Error).stack,
      inspect(error, { depth: 10, showHidden: true }),
      inspect(client, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain("tok-abc-123-secret");
    }
  });

  it.each([
    [{ token: "t", credentials }, /either token or credentials/],
    [{}, /needs a token/],
    [{ credentials: { username: "", password } }, /username/],
    [{ credentials: { username: "u", password: "" } }, /password/],
  ])("refuses options %#", (options, message) => {
    expect(() => createClient({ baseUrl: server.url, ...options })).toThrow(message);
  });
});

describe("aborting while a login is under way", () => {
  it("stops the caller at once without cancelling the login other calls share", async () => {
    let answerLogin: (() => void) | undefined;
    server.handle((req, res) => {
      if (req.url === "/api/oauth2/token") {
        answerLogin = () =>
          json(res, 200, { access_token: "a", token_type: "bearer", refresh_token: "r", expires_in: 3600 });
      } else json(res, 200, jobSession("8", "Success"));
    });
    const client = createClient({ baseUrl: server.url, credentials: { username: "u", password } });
    const controller = new AbortController();
    const aborted = client.getJobSession("8", { signal: controller.signal });
    const patient = client.getJobSession("8");
    await expect.poll(() => answerLogin).toBeDefined();
    controller.abort(new Error("user gave up"));
    await expect(aborted).rejects.toThrow("user gave up");
    answerLogin?.();
    await expect(patient).resolves.toMatchObject({ id: "8" });
    expect(grants()).toHaveLength(1);
  });
});
