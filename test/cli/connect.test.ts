// The global options that reach the appliance: --ca-file against a real HTTPS server with a self-signed
// certificate made here (answering in v1's shapes, so those runs say --api-version v1); and against a stateful
// v8.1 mock appliance with a user: --username with the password from VBAZURE_PASSWORD or a real terminal, a token
// the appliance does not accept, a login renewed when the appliance revokes or expires the token mid-run, and
// --verbose, which logs requests without a single secret (none of the tokens the appliance issued either).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Appliance, startAppliance, vmsNamed } from "../helpers/appliances.js";
import { selfSignedCertificate } from "../helpers/certificate.js";
import { runCli, runInTerminal, tableRows } from "../helpers/cli.js";
import {
  type FaultServer,
  jobSession,
  json,
  type ServerCertificate,
  startFaultServer,
} from "../helpers/faultServer.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vbazure-connect-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("--ca-file, against an HTTPS appliance with a self-signed certificate", () => {
  let certificate: ServerCertificate;
  let server: FaultServer;
  let caFile: string;
  beforeAll(async () => {
    certificate = await selfSignedCertificate(["127.0.0.1"]);
    caFile = join(dir, "appliance.pem");
    await writeFile(caFile, certificate.cert);
    server = await startFaultServer(certificate);
    server.handle((_req, res) => json(res, 200, jobSession("8", "Success")));
  });
  afterAll(() => server.close());
  const args = () => ["sessions", "get", "8", "--url", server.url, "--token", "t", "--api-version", "v1"];

  it("trusts the certificate in the file", async () => {
    const { code, stdout, stderr } = await runCli([...args(), "--ca-file", caFile]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^ID {8}8\nTYPE {6}SnapshotDeletion\n/);
  });

  it("takes the file from VBAZURE_CA_FILE", async () => {
    const { code } = await runCli(args(), { env: { VBAZURE_CA_FILE: caFile } });
    expect(code).toBe(0);
  });

  it("without it, exits with 3 and says how to pass the certificate", async () => {
    const { code, stderr } = await runCli(args());
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^vbazure: GET \/api\/v1\/jobSessions\/8: no response from https:\/\/127\.0\.0\.1:\d+ - self-signed certificate; /,
    );
    expect(stderr).toContain("pass the appliance's certificate (PEM) as the `ca` option (CLI: --ca-file)");
  });

  it("still verifies: another certificate in the file does not make the appliance's trusted", async () => {
    const other = join(dir, "other.pem");
    await writeFile(other, (await selfSignedCertificate(["other.example.org", "127.0.0.1"])).cert);
    const { code, stderr } = await runCli([...args(), "--ca-file", other]);
    expect(code).toBe(3);
    expect(stderr).toContain("--ca-file");
  });

  it.each([
    ["a file that does not exist", () => join(dir, "missing.pem"), "", /cannot read it \(ENOENT\)/],
    ["a file without a certificate", () => join(dir, "empty.pem"), "hello\n", /no PEM certificate in it/],
    [
      "a certificate that does not parse",
      () => join(dir, "broken.pem"),
      "-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----\n",
      /the certificate is not valid PEM/,
    ],
  ])("refuses %s with exit code 2", async (_what, path, content, message) => {
    if (content) await writeFile(path(), content);
    const { code, stdout, stderr } = await runCli([...args(), "--ca-file", path()]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(new RegExp(`^vbazure: --ca-file ${path()}: `));
    expect(stderr).toMatch(message);
  });
});

describe("against an appliance with a user", () => {
  const password = "s3cret-pw";
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", {
      snapshots: vmsNamed(["vm-1"]),
      users: [{ username: "backupadmin", password }],
    });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const as = (...more: string[]) => ["about", "--url", appliance.url, "--username", "backupadmin", ...more];
  const logins = () => appliance.received.filter((line) => line.startsWith("POST /api/oauth2/token"));

  describe("--username", () => {
    it("logs in with the password from VBAZURE_PASSWORD, once and first; the user name may come from VBAZURE_USERNAME", async () => {
      const flag = await runCli(as(), { env: { VBAZURE_PASSWORD: password } });
      expect({ code: flag.code, stderr: flag.stderr }).toEqual({ code: 0, stderr: "" });
      expect(appliance.received[0]).toBe("POST /api/oauth2/token Password");
      expect(logins()).toHaveLength(1);
      const env = await runCli(["about", "--url", appliance.url], {
        env: { VBAZURE_USERNAME: "backupadmin", VBAZURE_PASSWORD: password },
      });
      expect(env.code).toBe(0);
      expect(env.stdout).toContain("PRODUCT VERSION  8.1.0.32");
    });

    it("without VBAZURE_PASSWORD and no terminal to ask on, exits with 2 before any request", async () => {
      const { code, stderr } = await runCli(as());
      expect(code).toBe(2);
      expect(stderr).toBe(
        "vbazure: --username backupadmin needs a password: set VBAZURE_PASSWORD, or run in a terminal to be asked for it\n",
      );
      expect(appliance.received).toEqual([]);
    });

    it("asks for the password on a terminal, without echoing it", async () => {
      const { code, stdout } = await runInTerminal(as(), [
        { when: /Password for backupadmin:/, type: `${password}\r` },
      ]);
      expect(code).toBe(0);
      expect(stdout).toContain("PRODUCT VERSION  8.1.0.32");
      expect(stdout).not.toContain(password);
      expect(logins()).toEqual(["POST /api/oauth2/token Password"]);
    });

    it("never shows the password when the login fails", async () => {
      const { code, stderr } = await runCli(as("--verbose"), { env: { VBAZURE_PASSWORD: "hunter2-pw" } });
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /\nvbazure: POST \/api\/oauth2\/token: 401 Unauthorized - The user name or password is incorrect\. \(trace \S+\)\n/,
      );
      expect(stderr).not.toContain("hunter2-pw");
    });
  });

  describe("tokens", () => {
    it("exits with 1 and the appliance's problem for a token it does not accept (never issued, expired or revoked)", async () => {
      const { code, stdout, stderr } = await runCli(["about", "--url", appliance.url, "--token", "stale"]);
      expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
      expect(stderr).toBe(
        "vbazure: GET /api/v8.1/restorePoints/virtualMachines/snapshots: 401 Unauthorized - The access token is invalid, expired or revoked: log in again.\n",
      );
    });

    it("logs in again when the appliance revokes the tokens mid-run, and refreshes a token that expired", async () => {
      // Its own appliance: a clock that stands still, so the session runs and the token lives until moved.
      const slow = await startAppliance("8.1", {
        snapshots: vmsNamed(["vm-1"]),
        users: [{ username: "backupadmin", password }],
        clock: "manual",
        tokenTtlSeconds: 60,
        jobDurationMs: 30_000,
      });
      try {
        await slow.startDeletion("vm-1");
        slow.clear();
        const poll = /^GET \/api\/v8\.1\/jobSessions\/1$/;
        const polls = () => slow.received.filter((line) => poll.test(line)).length;
        const run = runCli(
          ["sessions", "wait", "1", "--interval", "0.05", "--url", slow.url, "--username", "backupadmin"],
          { env: { VBAZURE_PASSWORD: password } },
        );
        await slow.arrival(poll);
        // Revoked: the refresh token is refused too, so the client logs in with the password again.
        const revoked = await fetch(`${slow.url}/_mock/tokens/revoke`, { method: "POST" });
        expect(revoked.status).toBe(204);
        await slow.arrival(/token Password$/, 2);
        // The replay with the new token, then the next poll: the replay has been answered.
        await slow.arrival(poll, polls() + 2);
        // 61 s later the access token has expired (the refresh token has not), and the session has ended.
        slow.control.advance(61_000);
        const { code, stdout, stderr } = await run;
        expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
        expect(Object.fromEntries(tableRows(stdout))).toMatchObject({ ID: "1", STATUS: "Success" });
        expect(slow.received.filter((line) => line.startsWith("POST /api/oauth2/token"))).toEqual([
          "POST /api/oauth2/token Password",
          "POST /api/oauth2/token Refresh_token",
          "POST /api/oauth2/token Password",
          "POST /api/oauth2/token Refresh_token",
        ]);
      } finally {
        await slow.close();
      }
    });
  });

  describe("--verbose", () => {
    it("logs each request and response on stderr, with the tokens and password redacted", async () => {
      const { code, stdout, stderr } = await runCli(as("--verbose"), { env: { VBAZURE_PASSWORD: password } });
      expect(code).toBe(0);
      expect(stdout).toContain("PRODUCT VERSION  8.1.0.32");
      expect(stderr).toContain(`> POST ${appliance.url}/api/oauth2/token\n`);
      expect(stderr).toContain("> grant_type=Password&username=backupadmin&password=<redacted>\n");
      expect(stderr).toContain(`> GET ${appliance.url}/api/v8.1/system/about\n`);
      expect(stderr).toContain("> authorization: Bearer <redacted>\n");
      expect(stderr).toMatch(/< 200 OK after \d+ ms\n/);
      expect(appliance.issued).toHaveLength(2); // an access and a refresh token
      for (const secret of [password, ...appliance.issued]) expect(stderr).not.toContain(secret);
    });

    it("does not show a token given as a flag", async () => {
      const token = await appliance.issueToken();
      const { code, stderr } = await runCli(["about", "--url", appliance.url, "--token", token, "--verbose"]);
      expect(code).toBe(0);
      expect(stderr).toContain("> authorization: Bearer <redacted>");
      expect(stderr).not.toContain(token);
    });

    it("logs a request that got no response", async () => {
      appliance.control.fault({ operation: "batchDeleteVirtualMachineSnapshots", kind: "hang" });
      const { code, stderr } = await runCli(
        [
          "snapshots",
          "delete",
          "vm-1",
          "--yes",
          "--timeout",
          "0.3",
          "--url",
          appliance.url,
          "--username",
          "backupadmin",
          "--verbose",
        ],
        { env: { VBAZURE_PASSWORD: password } },
      );
      expect(code).toBe(3);
      expect(stderr).toMatch(
        /\n< failed after \d+ ms: POST \/api\/v8\.1\/protectedItem\/virtualMachines\/deleteSnapshots: no complete response within 300 ms\n/,
      );
    });
  });
});
