// The `ca` option against a real HTTPS server on loopback whose self-signed certificate is made in the test: the
// client trusts exactly the certificates it is given, and verification stays on for everything else.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTlsFetch } from "../../src/core/tlsFetch.js";
import { createClient, NetworkError } from "../../src/v1/index.js";
import { selfSignedCertificate } from "../helpers/certificate.js";
import {
  type FaultServer,
  jobSession,
  json,
  type ServerCertificate,
  startFaultServer,
} from "../helpers/faultServer.js";

let appliance: ServerCertificate;
let stranger: ServerCertificate;
let server: FaultServer;
beforeAll(async () => {
  [appliance, stranger] = await Promise.all([
    selfSignedCertificate(["127.0.0.1", "localhost"]),
    selfSignedCertificate(["stranger.example.org", "127.0.0.1"]),
  ]);
  server = await startFaultServer(appliance);
  server.handle((req, res) =>
    req.url?.startsWith("/api/oauth2/token")
      ? json(res, 200, { access_token: "a", token_type: "bearer", refresh_token: "r", expires_in: 3600 })
      : json(res, 200, jobSession("8", "Success")),
  );
});
afterAll(() => server.close());

const untrustedHint = "pass the appliance's certificate (PEM) as the `ca` option (CLI: --ca-file)";

describe("the ca option", () => {
  it("trusts the appliance's self-signed certificate", async () => {
    const client = createClient({ baseUrl: server.url, token: "t", ca: appliance.cert });
    expect(await client.getJobSession("8")).toMatchObject({ id: "8", status: "Success" });
  });

  it("sends request bodies over it: the password login works", async () => {
    const client = createClient({
      baseUrl: server.url,
      credentials: { username: "backupadmin", password: "pw" },
      ca: appliance.cert,
    });
    await client.getJobSession("8");
    const login = server.received.find((r) => r.url === "/api/oauth2/token");
    expect(login?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(login?.body)).toEqual(
      new URLSearchParams({ grant_type: "Password", username: "backupadmin", password: "pw" }),
    );
    expect(server.received.at(-1)?.headers.authorization).toBe("Bearer a");
  });

  it("accepts several certificates, trusting the appliance's among them", async () => {
    const client = createClient({ baseUrl: server.url, token: "t", ca: [stranger.cert, appliance.cert] });
    expect((await client.getJobSession("8")).status).toBe("Success");
  });

  it("without it, refuses the self-signed certificate with a NetworkError that says how to pass it", async () => {
    const error = await createClient({ baseUrl: server.url, token: "t", retry: false })
      .getJobSession("8")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect((error as Error).message).toContain(untrustedHint);
  });

  it("keeps verification on: another certificate as ca does not make the appliance's trusted", async () => {
    const error = await createClient({ baseUrl: server.url, token: "t", retry: false, ca: stranger.cert })
      .getJobSession("8")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(untrustedHint);
  });

  it("keeps host name checks on, and says the certificate does not name the host", async () => {
    const elsewhere = await selfSignedCertificate(["appliance.example.org"]);
    const other = await startFaultServer(elsewhere);
    try {
      const error = await createClient({ baseUrl: other.url, token: "t", retry: false, ca: elsewhere.cert })
        .getJobSession("8")
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "NetworkError", code: "ERR_TLS_CERT_ALTNAME_INVALID" });
      expect((error as Error).message).toContain("issued for another host name");
      expect((error as Error).message).not.toContain("--ca-file");
    } finally {
      await other.close();
    }
  });

  it.each([
    "",
    "not a certificate",
    "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----",
    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
    [],
    [42],
    42,
  ])("refuses %j before any request", (ca) => {
    const create = () => createClient({ baseUrl: server.url, token: "t", ca: ca as string });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(
      "ca (Node.js only) must be a PEM certificate (-----BEGIN CERTIFICATE-----) or a list of them",
    );
  });

  it("refuses to be combined with fetch, whose TLS it cannot configure", () => {
    expect(() =>
      createClient({ baseUrl: server.url, token: "t", ca: appliance.cert, fetch: globalThis.fetch }),
    ).toThrow(/either `ca` or `fetch`/);
  });

  it("fails clearly in a browser, where the browser's certificate store decides", () => {
    // What a browser has: no `process`.
    vi.stubGlobal("process", undefined);
    let error: unknown;
    try {
      createClient({ baseUrl: "https://abc.ukwest.cloudapp.azure.com", token: "t", ca: appliance.cert });
    } catch (e) {
      error = e;
    } finally {
      vi.unstubAllGlobals();
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^ca \(Node\.js only\) must be/);
  });
});

describe("createTlsFetch", () => {
  it("without the undici package, fails each request with an error that says how to install it", async () => {
    // As when undici is not installed: importing it fails.
    vi.doMock("undici", () => {
      throw new Error("Cannot find package 'undici'");
    });
    try {
      const missing = await import("undici").catch((e: unknown) => e);
      const received = server.received.length;
      const fetch = createTlsFetch([appliance.cert]);
      const request = () => fetch(`${server.url}/api/v1/jobSessions/8`, { method: "GET" });
      const error = await request().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `\`ca\` needs the undici package (npm install undici@7): ${String(missing)}`,
      );
      expect((error as Error).cause).toBeUndefined();
      await expect(request()).rejects.toBe(error);
      expect(server.received).toHaveLength(received); // nothing was sent
    } finally {
      vi.doUnmock("undici");
    }
  });
});
