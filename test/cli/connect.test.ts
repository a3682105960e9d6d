// The global options that reach the appliance: --ca-file against a real HTTPS server with a self-signed
// certificate made here, --username with the password from VBAZURE_PASSWORD or a real terminal, and --verbose,
// which logs requests without a single secret. The loopback servers answer in v1's shapes, so the runs against
// them say --api-version v1 (detection is tested in apiVersions.test.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { selfSignedCertificate } from "../helpers/certificate.js";
import { runCli, runInTerminal } from "../helpers/cli.js";
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

const tokens = {
  access_token: "access-XYZ",
  token_type: "bearer",
  refresh_token: "refresh-XYZ",
  expires_in: 3600,
};

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

describe("--username", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
    server.handle((req, res) =>
      req.url === "/api/oauth2/token" ? json(res, 200, tokens) : json(res, 200, jobSession("8", "Success")),
    );
  });
  afterEach(() => server.close());
  const args = () => [
    "sessions",
    "get",
    "8",
    "--url",
    server.url,
    "--username",
    "backupadmin",
    "--api-version",
    "v1",
  ];
  const login = () => new URLSearchParams(server.received.find((r) => r.url === "/api/oauth2/token")?.body);

  it("logs in with the password from VBAZURE_PASSWORD", async () => {
    const { code } = await runCli(args(), { env: { VBAZURE_PASSWORD: "pw-from-env" } });
    expect(code).toBe(0);
    expect(Object.fromEntries(login())).toEqual({
      grant_type: "Password",
      username: "backupadmin",
      password: "pw-from-env",
    });
    expect(server.received.at(-1)?.headers.authorization).toBe("Bearer access-XYZ");
  });

  it("logs in to the mock appliance, user name from VBAZURE_USERNAME", async () => {
    const { code, stdout } = await runCli(["sessions", "get", "8", "--url", inject("mockUrl")], {
      env: { VBAZURE_USERNAME: "backupadmin", VBAZURE_PASSWORD: "pw" },
    });
    expect(code).toBe(0);
    expect(stdout).toContain("Success");
  });

  it("without VBAZURE_PASSWORD and no terminal to ask on, exits with 2 before any request", async () => {
    const { code, stderr } = await runCli(args());
    expect(code).toBe(2);
    expect(stderr).toBe(
      "vbazure: --username backupadmin needs a password: set VBAZURE_PASSWORD, or run in a terminal to be asked for it\n",
    );
    expect(server.received).toEqual([]);
  });

  it("asks for the password on a terminal, without echoing it", async () => {
    const { code, stdout } = await runInTerminal(args(), [
      { when: /Password for backupadmin:/, type: "typed-s3cret\r" },
    ]);
    expect(code).toBe(0);
    expect(login().get("password")).toBe("typed-s3cret");
    expect(stdout).toContain("STATUS    Success");
    expect(stdout).not.toContain("typed-s3cret");
  });

  it("never shows the password when the login fails", async () => {
    server.handle((_req, res) =>
      json(res, 401, { title: "Unauthorized", status: 401, detail: "Invalid user name or password." }),
    );
    const { code, stderr } = await runCli([...args(), "--verbose"], {
      env: { VBAZURE_PASSWORD: "hunter2-pw" },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("POST /api/oauth2/token: 401 Unauthorized - Invalid user name or password.");
    expect(stderr).not.toContain("hunter2-pw");
  });
});

describe("--verbose", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it("logs each request and response on stderr, with the token and password redacted", async () => {
    server.handle((req, res) =>
      req.url === "/api/oauth2/token" ? json(res, 200, tokens) : json(res, 200, jobSession("8", "Success")),
    );
    const { code, stdout, stderr } = await runCli(
      [
        "sessions",
        "get",
        "8",
        "--url",
        server.url,
        "--username",
        "backupadmin",
        "--verbose",
        "--api-version",
        "v1",
      ],
      { env: { VBAZURE_PASSWORD: "hunter2-pw" } },
    );
    expect(code).toBe(0);
    expect(stdout).toContain("Success");
    expect(stderr).toContain(`> POST ${server.url}/api/oauth2/token\n`);
    expect(stderr).toContain("> grant_type=Password&username=backupadmin&password=<redacted>\n");
    expect(stderr).toContain(`> GET ${server.url}/api/v1/jobSessions/8\n`);
    expect(stderr).toContain("> authorization: Bearer <redacted>\n");
    expect(stderr).toMatch(/< 200 OK after \d+ ms\n/);
    for (const secret of ["hunter2-pw", "access-XYZ", "refresh-XYZ"]) expect(stderr).not.toContain(secret);
  });

  it("does not show a token given as a flag", async () => {
    server.handle((_req, res) => json(res, 200, jobSession("8", "Success")));
    const { code, stderr } = await runCli([
      "sessions",
      "get",
      "8",
      "--url",
      server.url,
      "--token",
      "tok-SECRET",
      "--verbose",
      "--api-version",
      "v1",
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain("> authorization: Bearer <redacted>");
    expect(stderr).not.toContain("tok-SECRET");
  });

  it("logs a request that got no response", async () => {
    server.handle((req) => req.socket.destroy());
    const { code, stderr } = await runCli([
      "snapshots",
      "delete",
      "vm-1",
      "--yes",
      "--url",
      server.url,
      "--token",
      "t",
      "--verbose",
    ]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/< failed after \d+ ms: /);
  });
});
