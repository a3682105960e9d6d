// `vbazure sessions get` and `vbazure sessions wait`, against the Prism mock (v8.1 detected, or v1 given) and a
// v1 loopback server.
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { runCli, runInTerminal, tableRows } from "../helpers/cli.js";
import { type FaultServer, jobSession, json, startFaultServer } from "../helpers/faultServer.js";

const mock = () => ["--url", inject("mockUrl"), "--token", "any"];
const fields = (stdout: string) => Object.fromEntries(tableRows(stdout));

describe("sessions against the mock appliance", () => {
  it("get prints the session's fields", async () => {
    const { code, stdout, stderr } = await runCli(["sessions", "get", "8", ...mock()]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(fields(stdout)).toEqual({
      ID: "8",
      TYPE: "SnapshotDeletion",
      STATUS: "Success",
      STARTED: "2020-02-03T13:29:35.916115Z",
      STOPPED: "2020-02-03T13:29:36.031632Z",
      DURATION: "00:00:00.1155170",
      LOG: "https://abc.ukwest.cloudapp.azure.com/api/v8.1/jobSessions/8/log",
    });
  });

  it("get --output json prints the session as the appliance sent it: v8.1's, without usn", async () => {
    const { code, stdout } = await runCli(["sessions", "get", "8", "--output", "json", ...mock()]);
    expect(code).toBe(0);
    const session = JSON.parse(stdout);
    expect(session).toMatchObject({ id: "8", type: "SnapshotDeletion", status: "Success" });
    expect(session).not.toHaveProperty("usn");
  });

  it("get --api-version v1 reads v1's session, with usn and v1's links", async () => {
    const { code, stdout } = await runCli([
      "sessions",
      "get",
      "8",
      "--output",
      "json",
      "--api-version",
      "v1",
      ...mock(),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      id: "8",
      status: "Success",
      usn: 0,
      _links: { log: { href: "https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8/log" } },
    });
  });

  it("wait returns at once for a session that has ended", async () => {
    const { code, stdout } = await runCli(["sessions", "wait", "8", "--output", "json", ...mock()]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: "8", status: "Success" });
  });
});

describe("sessions against a v1 appliance", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());
  const args = (...words: string[]) => [
    "sessions",
    ...words,
    "--url",
    server.url,
    "--token",
    "t",
    "--api-version",
    "v1",
  ];

  it("wait polls until the session ends, then prints it", async () => {
    server.handle((_req, res, _body, index) =>
      json(res, 200, jobSession("42", index < 2 ? "Running" : "Warning")),
    );
    const { code, stdout, stderr } = await runCli([...args("wait", "42"), "--interval", "0.05"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(fields(stdout)).toMatchObject({ ID: "42", STATUS: "Warning" });
    expect(server.received.map((r) => r.url)).toEqual(Array(3).fill("/api/v1/jobSessions/42"));
  });

  it("wait shows the status on a terminal while the session runs", async () => {
    server.handle((_req, res, _body, index) =>
      json(res, 200, jobSession("42", index < 3 ? "Running" : "Success")),
    );
    const { code, stdout } = await runInTerminal([...args("wait", "42"), "--interval", "0.05"], []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Job session 42: Running \(\d+ s\)/);
    expect(stdout).toMatch(/STATUS {4}Success/);
  });

  it("wait prints a session that failed and exits with 1", async () => {
    server.handle((_req, res) => json(res, 200, jobSession("42", "Canceled")));
    const { code, stdout, stderr } = await runCli(args("wait", "42"));
    expect(code).toBe(1);
    expect(fields(stdout)).toMatchObject({ ID: "42", STATUS: "Canceled" });
    expect(stderr).toBe("vbazure: Job session 42 (SnapshotDeletion) ended with status Canceled\n");
  });

  it("wait gives up after --wait-timeout with exit code 3", async () => {
    server.handle((_req, res) => json(res, 200, jobSession("42", "Running")));
    const { code, stdout, stderr } = await runCli([
      ...args("wait", "42"),
      "--interval",
      "0.05",
      "--wait-timeout",
      "0.3",
    ]);
    expect({ code, stdout }).toEqual({ code: 3, stdout: "" });
    expect(stderr).toBe("vbazure: Job session 42 did not finish within 300 ms (last status Running)\n");
  });

  it("get exits with 1 and the problem's detail for an unknown session", async () => {
    server.handle((_req, res) =>
      json(res, 404, { title: "Not Found", status: 404, detail: "Job session '77' was not found." }),
    );
    const { code, stdout, stderr } = await runCli(args("get", "77"));
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe(
      "vbazure: GET /api/v1/jobSessions/77: 404 Not Found - Job session '77' was not found.\n",
    );
  });

  it("get exits with 1 when a proxy answers with an HTML page", async () => {
    server.handle((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html><title>Sign in</title></html>"),
    );
    const { code, stderr } = await runCli(args("get", "77"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^vbazure: GET \/api\/v1\/jobSessions\/77: 200 with text\/html instead of JSON/);
  });

  it("exits with 3 when nothing listens", async () => {
    const url = server.url;
    await server.close();
    const { code, stderr } = await runCli([
      "sessions",
      "get",
      "8",
      "--url",
      url,
      "--token",
      "t",
      "--api-version",
      "v1",
    ]);
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /^vbazure: GET \/api\/v1\/jobSessions\/8: no response from http:\/\/127\.0\.0\.1:\d+ - .*ECONNREFUSED/,
    );
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("with --verbose, adds the error's stack", async () => {
    server.handle((_req, res) => json(res, 404, { title: "Not Found", status: 404 }));
    const { code, stderr } = await runCli([...args("get", "77"), "--verbose"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ApiError: GET \/api\/v1\/jobSessions\/77: 404 Not Found[^\n]*\n\s+at /m);
  });
});
