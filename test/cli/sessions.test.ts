// `vbazure sessions get` and `vbazure sessions wait`, against stateful mock appliances of v8.1 (detected) and v1
// whose clock stands still until the test moves it, so a session runs until the test lets it end (Success,
// Warning or Error, as scripted per VM); a loopback server plays a proxy's HTML page, and a closed port an
// appliance that is not there.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Appliance, startAppliance, vmsNamed } from "../helpers/appliances.js";
import { runCli, runInTerminal, tableRows } from "../helpers/cli.js";
import { startFaultServer } from "../helpers/faultServer.js";
import { closedPort } from "../helpers/ports.js";

const fields = (stdout: string) => Object.fromEntries(tableRows(stdout));
const polls = (appliance: Appliance) => appliance.received.filter((line) => line.includes("/jobSessions/"));

describe("sessions against a v8.1 appliance", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", { snapshots: vmsNamed(["vm-1"]), clock: "manual" });
  });
  afterAll(() => appliance.close());
  beforeEach(async () => {
    appliance.control.reset();
    await appliance.startDeletion("vm-1");
    appliance.control.advance(2_000); // jobDurationMs, by default: the session has ended
    appliance.clear();
  });
  const on = () => ["--url", appliance.url, "--token", "any"];

  it("get prints the session's fields", async () => {
    const { code, stdout, stderr } = await runCli(["sessions", "get", "1", ...on()]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const [session] = appliance.control.sessions();
    expect(fields(stdout)).toEqual({
      ID: "1",
      TYPE: "SnapshotDeletion",
      STATUS: "Success",
      STARTED: session?.startedAt.toISOString(),
      STOPPED: session?.endedAt?.toISOString(),
      DURATION: "00:00:02.0000000",
      LOG: `${appliance.url}/api/v8.1/jobSessions/1/log`,
    });
  });

  it("get --output json prints the session as the appliance sent it: v8.1's, without usn", async () => {
    const { code, stdout } = await runCli(["sessions", "get", "1", "--output", "json", ...on()]);
    expect(code).toBe(0);
    const session = JSON.parse(stdout);
    expect(session).toMatchObject({
      id: "1",
      type: "SnapshotDeletion",
      localizedType: "Snapshot deletion",
      status: "Success",
    });
    expect(session).not.toHaveProperty("usn");
  });

  it("get --output csv prints the table's fields as a header row, then the session's row", async () => {
    const { code, stdout, stderr } = await runCli(["sessions", "get", "1", "--output", "csv", ...on()]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const [session] = appliance.control.sessions();
    expect(stdout).toBe(
      [
        "ID,TYPE,STATUS,STARTED,STOPPED,DURATION,LOG",
        `1,SnapshotDeletion,Success,${session?.startedAt.toISOString()},${session?.endedAt?.toISOString()},00:00:02.0000000,${appliance.url}/api/v8.1/jobSessions/1/log`,
        "",
      ].join("\n"),
    );
  });

  it("wait returns at once for a session that has ended", async () => {
    const { code, stdout } = await runCli(["sessions", "wait", "1", "--output", "json", ...on()]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: "1", status: "Success" });
    expect(polls(appliance)).toEqual(["GET /api/v8.1/jobSessions/1"]);
  });
});

describe("sessions against a v1 appliance", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("1.0", {
      snapshots: vmsNamed(["vm-ok", "vm-warning", "vm-error"]),
      outcomes: { "vm-warning": "Warning", "vm-error": "Error" },
      clock: "manual",
    });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const args = (...words: string[]) => [
    "sessions",
    ...words,
    "--url",
    appliance.url,
    "--token",
    "t",
    "--api-version",
    "v1",
  ];
  /** Ends the running sessions once `count` polls have arrived (the last of them may see it ended). */
  const endAfterPolls = async (count: number) => {
    await appliance.arrival(/\/jobSessions\/1$/, count);
    appliance.control.advance(2_000);
  };

  it("get --output json reads v1's session, with usn and v1's links", async () => {
    await appliance.startDeletion("vm-ok");
    const { code, stdout } = await runCli([...args("get", "1"), "--output", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      id: "1",
      status: "Running",
      usn: 1,
      _links: { self: { href: `${appliance.url}/api/v1/jobSessions/1` } },
    });
  });

  it("wait polls until the session ends, then prints it", async () => {
    await appliance.startDeletion("vm-warning");
    const [{ code, stdout, stderr }] = await Promise.all([
      runCli([...args("wait", "1"), "--interval", "0.05"]),
      endAfterPolls(2),
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(fields(stdout)).toMatchObject({ ID: "1", STATUS: "Warning", DURATION: "00:00:02.0000000" });
    expect(polls(appliance).length).toBeGreaterThanOrEqual(2);
    expect(new Set(polls(appliance))).toEqual(new Set(["GET /api/v1/jobSessions/1"]));
  });

  it("wait shows the status on a terminal while the session runs", async () => {
    await appliance.startDeletion("vm-ok");
    const [{ code, stdout }] = await Promise.all([
      runInTerminal([...args("wait", "1"), "--interval", "0.05"], []),
      endAfterPolls(3),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Job session 1: Running \(\d+ s\)/);
    expect(stdout).toMatch(/STATUS {4}Success/);
  });

  it("wait prints a session that ended in Error and exits with 1", async () => {
    await appliance.startDeletion("vm-error");
    appliance.control.advance(2_000);
    const { code, stdout, stderr } = await runCli(args("wait", "1"));
    expect(code).toBe(1);
    expect(fields(stdout)).toMatchObject({ ID: "1", STATUS: "Error" });
    expect(stderr).toBe("vbazure: Job session 1 (SnapshotDeletion) ended with status Error\n");
  });

  it("wait gives up after --wait-timeout with exit code 3", async () => {
    await appliance.startDeletion("vm-ok"); // the clock stands still: it runs on
    const { code, stdout, stderr } = await runCli([
      ...args("wait", "1"),
      "--interval",
      "0.05",
      "--wait-timeout",
      "0.3",
    ]);
    expect({ code, stdout }).toEqual({ code: 3, stdout: "" });
    expect(stderr).toBe("vbazure: Job session 1 did not finish within 300 ms (last status Running)\n");
  });

  it("get exits with 1 and the problem's detail for an unknown session; --verbose adds the stack", async () => {
    const { code, stdout, stderr } = await runCli(args("get", "77"));
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toMatch(
      /^vbazure: GET \/api\/v1\/jobSessions\/77: 404 Not Found - No job session 77 exists on this appliance\. \(trace \S+\)\n$/,
    );
    const verbose = await runCli([...args("get", "77"), "--verbose"]);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^ApiError: GET \/api\/v1\/jobSessions\/77: 404 Not Found[^\n]*\n\s+at /m);
  });
});

describe("sessions against what is not an appliance", () => {
  it("get exits with 1 when a proxy answers with an HTML page", async () => {
    const server = await startFaultServer();
    try {
      server.handle((_req, res) =>
        res.writeHead(200, { "content-type": "text/html" }).end("<html><title>Sign in</title></html>"),
      );
      const { code, stderr } = await runCli([
        "sessions",
        "get",
        "77",
        "--url",
        server.url,
        "--token",
        "t",
        "--api-version",
        "v1",
      ]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^vbazure: GET \/api\/v1\/jobSessions\/77: 200 with text\/html instead of JSON/);
    } finally {
      await server.close();
    }
  });

  it("exits with 3 when nothing listens", async () => {
    const { code, stderr } = await runCli([
      "sessions",
      "get",
      "8",
      "--url",
      `http://127.0.0.1:${await closedPort()}`,
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
});
