// `vbazure verify`: passes on a stateful mock appliance (which validates its own answers by the spec), says what it
// skipped, reports a refused token or no answer; reports each deviation of a server that breaks the contract (a
// loopback server: the mock never does) with its JSON path and exit code 4, against the spec of the version in
// use; and never sends anything but GETs.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Appliance, startAppliance } from "../helpers/appliances.js";
import { runCli } from "../helpers/cli.js";
import {
  type FaultServer,
  jobSession,
  json,
  snapshotPage,
  startFaultServer,
} from "../helpers/faultServer.js";

const spec = () => ["--spec", inject("bundledSpecJson")];
const v81Spec = () => ["--spec", inject("bundledSpecs")["v8.1"].json];

// That verify finds no deviation on an appliance of each product, the session included, is in
// apiVersions.test.ts.
describe("verify against a stateful v8.1 mock appliance with a user", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", { users: [{ username: "backupadmin", password: "pw" }] });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const on = (token: string) => ["verify", "--url", appliance.url, "--token", token, ...v81Spec()];

  it("says which check it skipped without --session-id, and sends nothing but GETs", async () => {
    const { code, stdout } = await runCli(on(await appliance.issueToken()));
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "ok        GET /api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100 -> 200",
        "ok        GET /api/v8.1/system/about -> 200",
        "skipped   GET /api/v8.1/jobSessions/{sessionId} (pass --session-id <id> to check it)",
        "The appliance matches the v8.1 spec (2 responses checked).",
        "",
      ].join("\n"),
    );
    expect(appliance.received.every((line) => line.startsWith("GET "))).toBe(true);
  });

  it("exits with 1 when the appliance refuses the token, with a problem the spec allows", async () => {
    const { code, stdout, stderr } = await runCli([...on("stale"), "--api-version", "v8.1"]);
    expect(code).toBe(1);
    // Each 401 is a problem the spec declares; the first is the error.
    expect(stdout).toBe(
      [
        "ok        GET /api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100 -> 401",
        "ok        GET /api/v8.1/system/about -> 401",
        "skipped   GET /api/v8.1/jobSessions/{sessionId} (pass --session-id <id> to check it)",
        "The appliance matches the v8.1 spec (2 responses checked).",
        "",
      ].join("\n"),
    );
    expect(stderr).toBe(
      "vbazure: GET /api/v8.1/restorePoints/virtualMachines/snapshots: 401 Unauthorized - The access token is invalid, expired or revoked: log in again.\n",
    );
  });

  it("exits with 3 when the appliance does not answer", async () => {
    appliance.control.fault({ operation: "listVirtualMachineSnapshots", kind: "hang" });
    const { code, stderr } = await runCli([
      ...on(await appliance.issueToken()),
      "--api-version",
      "v8.1",
      "--timeout",
      "0.2",
    ]);
    expect(code).toBe(3);
    expect(stderr).toBe(
      "vbazure: GET /api/v8.1/restorePoints/virtualMachines/snapshots: no complete response within 200 ms\n",
    );
  });
});

describe("verify against a v8.1 appliance that breaks the contract", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it("checks against v8.1's spec under the version's prefix: a v1-shaped session deviates", async () => {
    server.handle((req, res) =>
      req.url?.startsWith("/api/v7/jobSessions/")
        ? json(res, 200, jobSession("8", "Success"))
        : req.url === "/api/v7/system/about"
          ? json(res, 200, { serverVersion: "7.0.0.10" })
          : json(res, 200, { offset: 0, limit: 100, totalCount: 0, results: [] }),
    );
    const { code, stdout } = await runCli([
      "verify",
      "--url",
      server.url,
      "--token",
      "t",
      "--api-version",
      "v7",
      "--session-id",
      "8",
      ...v81Spec(),
    ]);
    expect(code).toBe(4);
    expect(stdout).toBe(
      [
        "ok        GET /api/v7/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100 -> 200",
        "ok        GET /api/v7/system/about -> 200",
        "DEVIATES  GET /api/v7/jobSessions/8 -> 200",
        "            $.usn: is not allowed",
        "Found 1 deviation from the v8.1 spec in 1 of 3 responses.",
        "",
      ].join("\n"),
    );
  });

  it("names the version's own path when the appliance refuses", async () => {
    server.handle((_req, res) =>
      json(res, 403, { title: "Forbidden", status: 403 }, { "content-type": "application/problem+json" }),
    );
    const { code, stderr } = await runCli([
      "verify",
      "--url",
      server.url,
      "--token",
      "t",
      "--api-version",
      "v6",
      ...v81Spec(),
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe("vbazure: GET /api/v6/restorePoints/virtualMachines/snapshots: 403 Forbidden\n");
  });
});

describe("verify against a v1 appliance that breaks the contract", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());
  const args = (...more: string[]) => [
    "verify",
    "--url",
    server.url,
    "--token",
    "t",
    "--api-version",
    "v1",
    ...spec(),
    ...more,
  ];
  const page = (results: unknown[]) => ({ offset: 0, limit: 30, results });
  const vm = { vmId: "vm-0", name: "vm-0", dataDisks: [] };

  it("reports dataDisks that are not an array, with its JSON path, and exits with 4", async () => {
    server.handle((_req, res) => json(res, 200, page([vm, { ...vm, vmId: "vm-1", dataDisks: "x" }])));
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stderr }).toEqual({ code: 4, stderr: "" });
    expect(stdout).toContain(
      [
        "DEVIATES  GET /api/v1/virtualMachineSnapshots?offset=0&limit=30 -> 200",
        "            $.results[1].dataDisks: must be array",
      ].join("\n"),
    );
    expect(stdout).toContain("Found 1 deviation from the v1 spec in 1 of 1 response.\n");
  });

  it("says 1 response checked (not responses) when it checked one, a single page", async () => {
    server.handle((_req, res) => json(res, 200, page([vm])));
    const { code, stdout } = await runCli(args("--pages", "1"));
    expect(code).toBe(0);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe(
      "The appliance matches the v1 spec (1 response checked).",
    );
  });

  it("reports a snapshot without vmId, and a session without status", async () => {
    server.handle((req, res) =>
      req.url?.startsWith("/api/v1/jobSessions/")
        ? json(res, 200, { id: "8", type: "SnapshotDeletion" })
        : json(res, 200, page([{ name: "no-id", dataDisks: [] }])),
    );
    const { code, stdout } = await runCli(args("--session-id", "8"));
    expect(code).toBe(4);
    expect(stdout).toContain("            $.results[0].vmId: is required but missing\n");
    expect(stdout).toContain(
      "DEVIATES  GET /api/v1/jobSessions/8 -> 200\n            $.status: is required but missing\n",
    );
    expect(stdout).toContain("Found 2 deviations from the v1 spec in 2 of 2 responses.\n");
  });

  it("prints its findings as JSON with --output json", async () => {
    server.handle((_req, res) => json(res, 200, page([{ ...vm, dataDisks: "x" }])));
    const { code, stdout } = await runCli(args("--output", "json"));
    expect(code).toBe(4);
    expect(JSON.parse(stdout)).toEqual({
      matches: false,
      apiVersion: "v1",
      spec: "v1",
      checks: [
        {
          request: "GET /api/v1/virtualMachineSnapshots?offset=0&limit=30",
          status: 200,
          deviations: [{ path: "$.results[0].dataDisks", message: "must be array" }],
        },
      ],
    });
  });

  it("reads a few pages, then stops; it sends nothing but GETs", async () => {
    server.handle((req, res) => {
      if (req.url?.startsWith("/api/v1/jobSessions/")) return json(res, 200, jobSession("8", "Success"));
      const query = new URL(req.url ?? "", server.url).searchParams;
      json(res, 200, snapshotPage(Number(query.get("offset")), 2, 2));
    });
    const { code, stdout } = await runCli(args("--pages", "3", "--page-size", "2", "--session-id", "8"));
    expect(code).toBe(0);
    expect(stdout).toContain("The appliance matches the v1 spec (4 responses checked).");
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/v1/virtualMachineSnapshots?offset=0&limit=2",
      "GET /api/v1/virtualMachineSnapshots?offset=2&limit=2",
      "GET /api/v1/virtualMachineSnapshots?offset=4&limit=2",
      "GET /api/v1/jobSessions/8",
    ]);
  });

  it.each([
    [
      "a status only the default response covers, with a body that is no problem",
      418,
      "application/json",
      "{}",
      "$: media type application/json; the spec declares application/problem+json",
    ],
    ["a body that is not JSON", 200, "application/json", "{oops", "$: the body is not JSON ("],
    [
      "another media type",
      200,
      "text/html",
      "<html></html>",
      "$: media type text/html; the spec declares application/json",
    ],
  ])("reports %s", async (_what, status, type, body, finding) => {
    server.handle((_req, res) => res.writeHead(status, { "content-type": type }).end(body));
    const { code, stdout } = await runCli(args());
    expect(code).toBe(4);
    expect(stdout).toContain(`            ${finding}`);
  });

  it("exits with 2 when the spec cannot be read", async () => {
    const { code, stderr } = await runCli([
      "verify",
      "--url",
      server.url,
      "--token",
      "t",
      "--spec",
      "/nonexistent.json",
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vbazure: --spec \/nonexistent\.json: cannot read the spec/);
    expect(server.received).toEqual([]);
  });
});
