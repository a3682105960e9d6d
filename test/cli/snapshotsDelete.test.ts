// `vbazure snapshots delete`: the confirmation (asked on a real terminal, refused without one unless --yes), the
// sessions it starts, and --wait following them to their ends; against the Prism mock (v8.1, detected) and
// loopback servers of v1 (a request per VM) and v8.1 (one batch request, 204 when there is nothing to delete).
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { parseOutput, tableRows as rows, runCli, runInTerminal } from "../helpers/cli.js";
import { type FaultServer, jobSession, json, startFaultServer } from "../helpers/faultServer.js";

const mock = () => ["--url", inject("mockUrl"), "--token", "any"];
describe("snapshots delete against the mock appliance", () => {
  it("with --yes, starts the deletion and prints its session", async () => {
    const { code, stdout, stderr } = await runCli(["snapshots", "delete", "vm-1", "--yes", ...mock()]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(rows(stdout)).toEqual([
      ["VM ID", "SESSION", "STATUS", "DURATION"],
      ["vm-1", "8", "Success", "00:00:00.1155170"],
    ]);
  });

  it.each(["json", "ndjson"] as const)("--output %s prints each VM's session", async (format) => {
    const { code, stdout } = await runCli([
      "snapshots",
      "delete",
      "vm-1",
      "vm-2",
      "--yes",
      "--output",
      format,
      ...mock(),
    ]);
    expect(code).toBe(0);
    const results = parseOutput[format](stdout);
    expect(results.map((r: { vmId: string }) => r.vmId)).toEqual(["vm-1", "vm-2"]);
    expect(results[0]).toMatchObject({
      session: { id: "8", type: "SnapshotDeletion", status: "Success" },
      error: null,
    });
  });
});

describe("snapshots delete against a v1 appliance", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());
  const args = (...vmIds: string[]) => [
    "snapshots",
    "delete",
    ...vmIds,
    "--url",
    server.url,
    "--token",
    "t",
    "--api-version",
    "v1",
  ];
  const waitForBoth = () => [...args("vm-1", "vm-2"), "--yes", "--wait", "--interval", "0.05"];

  it("refuses without --yes when stdin is not a terminal, and sends nothing", async () => {
    const { code, stdout, stderr } = await runCli(args("vm-1"));
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      "vbazure: refusing to delete without confirmation: stdin is not a terminal; pass --yes to confirm\n",
    );
    expect(server.received).toEqual([]);
  });

  it("checks every vmId before deleting any", async () => {
    const { code, stderr } = await runCli([...args("vm-1", ".."), "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vbazure: <vmId>: vmId "\.\." is not an id/);
    expect(server.received).toEqual([]);
  });

  it("with --wait, follows each session to its end and reports its status and duration", async () => {
    let polls = 0;
    server.handle((req, res) => {
      const id = req.url?.includes("vm-1") ? "s1" : "s2";
      if (req.method === "POST") return json(res, 200, jobSession(id, "Running"));
      const current = /jobSessions\/(\w+)/.exec(req.url ?? "")?.[1] ?? "";
      polls++;
      json(res, 200, {
        ...jobSession(current, polls > 2 ? "Success" : "Running"),
        executionDuration: "00:00:03.5000000",
      });
    });
    const { code, stdout, stderr } = await runCli(waitForBoth());
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(rows(stdout)).toEqual([
      ["VM ID", "SESSION", "STATUS", "DURATION"],
      ["vm-1", "s1", "Success", "00:00:03.5000000"],
      ["vm-2", "s2", "Success", "00:00:03.5000000"],
    ]);
    expect(server.received.filter((r) => r.method === "POST").map((r) => r.url)).toEqual([
      "/api/v1/virtualMachines/vm-1/deleteSnapshots",
      "/api/v1/virtualMachines/vm-2/deleteSnapshots",
    ]);
  });

  it("with --wait, exits with 1 when a session fails, after reporting every VM", async () => {
    server.handle((req, res) => {
      const failing = req.url?.includes("vm-2") || req.url?.includes("s2");
      const id = failing ? "s2" : "s1";
      json(res, 200, jobSession(id, failing ? "Failed" : "Success"));
    });
    const { code, stdout, stderr } = await runCli(waitForBoth());
    expect(code).toBe(1);
    expect(rows(stdout).map((row) => row.slice(0, 3))).toEqual([
      ["VM ID", "SESSION", "STATUS"],
      ["vm-1", "s1", "Success"],
      ["vm-2", "s2", "Failed"],
    ]);
    expect(stderr).toBe("vbazure: vm-2: Job session s2 (SnapshotDeletion) ended with status Failed\n");
  });

  it("goes on with the other VMs when one is not found, then exits with 1", async () => {
    server.handle((req, res) =>
      req.url?.includes("missing")
        ? json(res, 404, {
            title: "Not Found",
            status: 404,
            detail: "Virtual machine with ID 'missing' was not found.",
          })
        : json(res, 200, jobSession("s1", "Running")),
    );
    const { code, stdout, stderr } = await runCli([...args("missing", "vm-1"), "--yes"]);
    expect(code).toBe(1);
    expect(rows(stdout)).toEqual([
      ["VM ID", "SESSION", "STATUS", "DURATION"],
      ["missing", "-", "not started", "-"],
      ["vm-1", "s1", "Running", expect.stringMatching(/^\d+\.\d s$/)],
    ]);
    expect(stderr).toBe(
      "vbazure: missing: POST /api/v1/virtualMachines/missing/deleteSnapshots: 404 Not Found - Virtual machine with ID 'missing' was not found.\n",
    );
  });

  it("exits with 3 when the appliance does not answer in time", async () => {
    server.handle(() => {}); // never answers
    const { code, stderr } = await runCli([...args("vm-1"), "--yes", "--timeout", "0.2"]);
    expect(code).toBe(3);
    expect(stderr).toBe(
      "vbazure: vm-1: POST /api/v1/virtualMachines/vm-1/deleteSnapshots: no complete response within 200 ms\n",
    );
  });

  describe("on a terminal", () => {
    it("asks first, and deletes when the answer is yes", async () => {
      server.handle((_req, res) => json(res, 200, jobSession("s1", "Running")));
      const { code, stdout } = await runInTerminal(args("vm-1"), [
        { when: /Delete the snapshots of VM vm-1\? \(y\/N\)/, type: "y\r" },
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/VM ID\s+SESSION\s+STATUS\s+DURATION\r\nvm-1\s+s1\s+Running/);
      expect(server.received.map((r) => r.method)).toEqual(["POST"]);
    });

    it("deletes nothing when the answer is no (the default)", async () => {
      const { code, stdout } = await runInTerminal(args("vm-1", "vm-2"), [
        { when: /Delete the snapshots of 2 VMs \(vm-1, vm-2\)\? \(y\/N\)/, type: "\r" },
      ]);
      expect(code).toBe(0);
      expect(stdout).toContain("Nothing deleted.");
      expect(server.received).toEqual([]);
    });

    it("stops with 130 on Ctrl-C at the question", async () => {
      const { code, stdout } = await runInTerminal(args("vm-1"), [{ when: /\(y\/N\)/, type: "\x03" }]);
      expect(code).toBe(130);
      expect(stdout).toContain("vbazure: interrupted");
      expect(server.received).toEqual([]);
    });
  });
});

describe("snapshots delete against a v8.1 appliance", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());
  const batch = "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots";
  const args = (...vmIds: string[]) => [
    "snapshots",
    "delete",
    ...vmIds,
    "--yes",
    "--url",
    server.url,
    "--token",
    "t",
    "--api-version",
    "v8.1",
  ];
  /** A v8.1 session: no usn. */
  const session = (id: string, status: string) => ({ id, type: "SnapshotDeletion", status });
  const posts = () => server.received.filter((r) => r.method === "POST");

  it("sends one batch request with each VM once, and prints the session for each VM", async () => {
    server.handle((_req, res) => json(res, 202, session("s1", "Running")));
    const { code, stdout, stderr } = await runCli(args("vm-1", "vm-2", "vm-1"));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(rows(stdout)).toEqual([
      ["VM ID", "SESSION", "STATUS", "DURATION"],
      ["vm-1", "s1", "Running", expect.stringMatching(/^\d+\.\d s$/)],
      ["vm-2", "s1", "Running", expect.stringMatching(/^\d+\.\d s$/)],
    ]);
    expect(posts().map((r) => [r.url, JSON.parse(r.body)])).toEqual([[batch, { ids: ["vm-1", "vm-2"] }]]);
  });

  it("sends a single VM as a batch of one", async () => {
    server.handle((_req, res) => json(res, 202, session("s1", "Running")));
    const { code } = await runCli(args("vm-1"));
    expect(code).toBe(0);
    expect(posts().map((r) => [r.url, JSON.parse(r.body)])).toEqual([[batch, { ids: ["vm-1"] }]]);
  });

  it("with --manual-only, removes only the manually created snapshots", async () => {
    server.handle((_req, res) => json(res, 202, session("s1", "Running")));
    const { code } = await runCli([...args("vm-1", "vm-2"), "--manual-only"]);
    expect(code).toBe(0);
    expect(posts().map((r) => r.url)).toEqual([
      "/api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots",
    ]);
  });

  it.each(["table", "json"] as const)(
    "reports a 204 as nothing to delete, with exit code 0 (--output %s)",
    async (format) => {
      server.handle((_req, res) => res.writeHead(204).end());
      const { code, stdout, stderr } = await runCli([...args("vm-1", "vm-2"), "--wait", "--output", format]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      if (format === "table") {
        expect(rows(stdout)).toEqual([
          ["VM ID", "SESSION", "STATUS", "DURATION"],
          ["vm-1", "-", "nothing to delete", "-"],
          ["vm-2", "-", "nothing to delete", "-"],
        ]);
      } else {
        expect(
          parseOutput.json(stdout).map(({ vmId, session, error }: Record<string, unknown>) => ({
            vmId,
            session,
            error,
          })),
        ).toEqual([
          { vmId: "vm-1", session: null, error: null },
          { vmId: "vm-2", session: null, error: null },
        ]);
      }
      // Nothing to wait for: no session was read.
      expect(server.received.map((r) => r.method)).toEqual(["POST"]);
    },
  );

  it("with --wait, follows the batch's one session to its end", async () => {
    let polls = 0;
    server.handle((req, res) => {
      if (req.method === "POST") return json(res, 202, session("s1", "Running"));
      polls++;
      json(res, 200, {
        ...session("s1", polls > 2 ? "Success" : "Running"),
        executionDuration: "00:00:03.5000000",
      });
    });
    const { code, stdout } = await runCli([...args("vm-1", "vm-2"), "--wait", "--interval", "0.05"]);
    expect(code).toBe(0);
    expect(rows(stdout).slice(1)).toEqual([
      ["vm-1", "s1", "Success", "00:00:03.5000000"],
      ["vm-2", "s1", "Success", "00:00:03.5000000"],
    ]);
    expect(server.received.filter((r) => r.method === "GET").map((r) => r.url)).toEqual(
      Array(3).fill("/api/v8.1/jobSessions/s1"),
    );
  });

  it("with --wait, reports a session that ends with NeverExecuted once, and exits with 1", async () => {
    server.handle((req, res) =>
      json(
        res,
        req.method === "POST" ? 202 : 200,
        session("s1", req.method === "POST" ? "Pending" : "NeverExecuted"),
      ),
    );
    const { code, stdout, stderr } = await runCli([...args("vm-1", "vm-2"), "--wait", "--interval", "0.05"]);
    expect(code).toBe(1);
    expect(
      rows(stdout)
        .slice(1)
        .map((row) => row.slice(0, 3)),
    ).toEqual([
      ["vm-1", "s1", "NeverExecuted"],
      ["vm-2", "s1", "NeverExecuted"],
    ]);
    expect(stderr).toBe("vbazure: Job session s1 (SnapshotDeletion) ended with status NeverExecuted\n");
  });

  it("reports a refused batch once, every VM not started, and exits with 1", async () => {
    server.handle((_req, res) =>
      json(res, 404, {
        title: "Not Found",
        status: 404,
        detail: "Virtual machine 'vm-2' was not found.",
        traceId: "0HN1",
      }),
    );
    const { code, stdout, stderr } = await runCli(args("vm-1", "vm-2"));
    expect(code).toBe(1);
    expect(rows(stdout).slice(1)).toEqual([
      ["vm-1", "-", "not started", "-"],
      ["vm-2", "-", "not started", "-"],
    ]);
    expect(stderr).toBe(
      `vbazure: POST ${batch}: 404 Not Found - Virtual machine 'vm-2' was not found. (trace 0HN1)\n`,
    );
  });

  it("asks about the manually created snapshots on a terminal", async () => {
    server.handle((_req, res) => json(res, 202, session("s1", "Running")));
    const { code } = await runInTerminal(
      [
        "snapshots",
        "delete",
        "vm-1",
        "--manual-only",
        "--url",
        server.url,
        "--token",
        "t",
        "--api-version",
        "v8.1",
      ],
      [{ when: /Delete the manually created snapshots of VM vm-1\? \(y\/N\)/, type: "y\r" }],
    );
    expect(code).toBe(0);
    expect(posts()).toHaveLength(1);
  });
});
