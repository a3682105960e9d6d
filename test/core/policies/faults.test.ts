// Faults on a real loopback connection: hangs, resets and truncation mid-body, redirects, non-JSON answers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidResponseError, NetworkError, TimeoutError } from "../../../src/core/errors.js";
import { createClient } from "../../../src/v1/client.js";
import { type FaultServer, json, snapshotPage, startFaultServer } from "../../helpers/faultServer.js";

let server: FaultServer;
let other: FaultServer;
beforeEach(async () => {
  [server, other] = await Promise.all([startFaultServer(), startFaultServer()]);
});
afterEach(async () => {
  await Promise.all([server.close(), other.close()]);
});

const client = (extra: { timeoutMs?: number; attempts?: number } = {}) =>
  createClient({
    baseUrl: server.url,
    token: "secret-token",
    timeoutMs: extra.timeoutMs ?? 2_000,
    retry: { attempts: extra.attempts ?? 1, baseDelayMs: 1, maxDelayMs: 5 },
  });

describe("timeouts", () => {
  it("fails an attempt whose server never answers with a TimeoutError naming the limit", async () => {
    server.handle(() => undefined);
    const error = await client({ timeoutMs: 150 })
      .getJobSession("8")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      timeoutMs: 150,
      message: "GET /api/v1/jobSessions/8: no complete response within 150 ms",
    });
  });

  it("covers the body too: headers then a stall is a timeout", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"id":');
    });
    await expect(client({ timeoutMs: 150 }).getJobSession("8")).rejects.toBeInstanceOf(TimeoutError);
  });

  it("retries a GET that timed out, and succeeds when the server recovers", async () => {
    server.handle((_req, res, _body, index) => {
      if (index > 0) json(res, 200, { id: "8", type: "SnapshotDeletion", status: "Success" });
    });
    await expect(client({ timeoutMs: 150, attempts: 2 }).getJobSession("8")).resolves.toMatchObject({
      id: "8",
    });
    expect(server.received).toHaveLength(2);
  });
});

describe("broken connections", () => {
  it("turns a reset mid-body into a NetworkError, and retries a GET", async () => {
    server.handle((req, res, _body, index) => {
      if (index === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
        res.write('{"offset":0,"limit":30,"results":[');
        setTimeout(() => req.socket.destroy(), 10);
      } else json(res, 200, snapshotPage(0, 30, 2));
    });
    await expect(client({ attempts: 2 }).getVirtualMachineSnapshotsPage()).resolves.toMatchObject({
      offset: 0,
    });
    expect(server.received).toHaveLength(2);
  });

  it("does not retry a POST whose connection was reset after it was sent", async () => {
    server.handle((req) => req.socket.destroy());
    const error = await client({ attempts: 3 })
      .deleteVirtualMachineSnapshots("vm-1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(
      /^POST \/api\/v1\/virtualMachines\/vm-1\/deleteSnapshots: no response from http:\/\/127\.0\.0\.1:\d+ - /,
    );
    expect(server.received).toHaveLength(1);
  });

  it("retries a POST whose connection was refused: it never reached a server", async () => {
    const url = server.url;
    await server.close();
    const refusing = createClient({
      baseUrl: url,
      token: "t",
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await refusing.deleteVirtualMachineSnapshots("vm-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    server = await startFaultServer();
  });

  it("reports a truncated body as a NetworkError", async () => {
    server.handle((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.end('{"id":"8"');
      req.socket.end();
    });
    await expect(client().getJobSession("8")).rejects.toBeInstanceOf(NetworkError);
  });
});

describe("answers that are not the appliance's JSON", () => {
  it("reports malformed JSON as an InvalidResponseError, never a bare SyntaxError", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id": "8", "status": ');
    });
    const error = await client()
      .getJobSession("8")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      /^GET \/api\/v1\/jobSessions\/8: the response is not valid JSON/,
    );
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it("reports a proxy's HTML page with status 200 as an InvalidResponseError", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><title>Sign in</title></html>");
    });
    await expect(client().getJobSession("8")).rejects.toThrow(
      /^GET \/api\/v1\/jobSessions\/8: 200 with text\/html instead of JSON \(a proxy or login page\?\)/,
    );
  });

  it("reports a proxy's HTML error page as an ApiError that says so", async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
    });
    await expect(client().getJobSession("8")).rejects.toThrow(
      'GET /api/v1/jobSessions/8: 502 Bad Gateway - an HTML page ("502 Bad Gateway"), not the appliance\'s JSON',
    );
  });

  it("reports a success without a body", async () => {
    server.handle((_req, res) => res.writeHead(200, { "content-length": "0" }).end());
    await expect(client().getJobSession("8")).rejects.toThrow(/empty body/);
  });

  it("reports a 204 where a body was due", async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    await expect(client().getJobSession("8")).rejects.toThrow(/: 204 with an empty body where JSON was due/);
  });

  it("reports a body of the wrong shape", async () => {
    server.handle((_req, res) => json(res, 200, { hello: "world" }));
    await expect(client().getJobSession("8")).rejects.toThrow(/not a job session/);
    await expect(client().getVirtualMachineSnapshotsPage()).rejects.toThrow(/not a page of snapshots/);
  });
});

describe("redirects", () => {
  it("refuses a redirect even within the appliance: the API does not redirect", async () => {
    server.handle((_req, res) => res.writeHead(307, { location: "/old/api/v1/jobSessions/8" }).end());
    const error = await client()
      .getJobSession("8")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(
      "GET /api/v1/jobSessions/8: refused to follow a redirect to /old/api/v1/jobSessions/8",
    );
    expect(server.received).toHaveLength(1);
  });

  it("refuses a redirect to another origin, which never sees the token", async () => {
    other.handle((_req, res) => json(res, 200, { id: "8", type: "SnapshotDeletion", status: "Success" }));
    server.handle((_req, res) => res.writeHead(302, { location: `${other.url}/api/v1/jobSessions/8` }).end());
    const error = await client()
      .getJobSession("8")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(
      `refused to follow a redirect to another origin (${other.url})`,
    );
    expect(other.received).toHaveLength(0);
  });
});

describe("the body handed on", () => {
  it("is whole when it arrived in many chunks, for the methods and for client.api alike", async () => {
    server.handle((_req, res) => json(res, 200, snapshotPage(0, 1000, 1000)));
    const page = await client().getVirtualMachineSnapshotsPage({ limit: 1000 });
    expect(page.results.map((vm) => vm.vmId)).toEqual(
      snapshotPage(0, 1000, 1000).results.map((vm) => vm.vmId),
    );
    const { data } = await client().api.GET("/api/v1/virtualMachineSnapshots", {
      params: { query: { limit: 1000 } },
    });
    expect(data).toEqual(page);
  });

  it("keeps a character whose bytes were split between chunks, and drops a byte-order mark", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ id: "8", type: "SnapshotDeletion", status: "Success", name: "Zürich €" })),
    ]);
    const split = bytes.indexOf(Buffer.from("€")) + 1;
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length });
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.end(bytes.subarray(split)), 20); // a second chunk, not coalesced with the first
    });
    await expect(client().getJobSession("8")).resolves.toMatchObject({ name: "Zürich €" });
  });

  it("is read from the response itself when a middleware answered without a request", async () => {
    const api = client();
    api.api.use({
      onRequest: () =>
        new Response(JSON.stringify({ id: "8", type: "SnapshotDeletion", status: "Warning" }), {
          headers: { "content-type": "application/json" },
        }),
    });
    await expect(api.getJobSession("8")).resolves.toMatchObject({ status: "Warning" });
    expect(server.received).toHaveLength(0);
  });
});
