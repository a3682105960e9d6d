// `vbazure snapshots delete`: the confirmation (asked on a real terminal, refused without one unless --yes), the
// sessions it starts and --wait following them to their ends, against stateful mock appliances whose job sessions
// end after 200 ms of the real clock and remove the VMs' snapshots: a v8.1 one (one batch request, 204 when there
// is nothing to delete, 404 and nothing deleted for an unknown VM, a 503 ridden out) and a v1 one (a request per
// VM, a session that ends in Error). A loopback server plays the one status the mock's sessions never end with.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Appliance, startAppliance, vmsNamed } from "../helpers/appliances.js";
import { parseOutput, tableRows as rows, runCli, runInTerminal } from "../helpers/cli.js";
import { type FaultServer, json, startFaultServer } from "../helpers/faultServer.js";

const head = ["VM ID", "SESSION", "STATUS", "DURATION"];
/** What a mock's session says of its duration: 0 as it starts, 200 ms once it has ended. */
const started = expect.stringMatching(/^00:00:00\.\d{7}$/);
const ended = "00:00:00.2000000";
const inventoryOf = (appliance: Appliance) => appliance.control.snapshots().map((vm) => vm.vmId);
const posts = (appliance: Appliance) => appliance.received.filter((line) => line.startsWith("POST"));

describe("snapshots delete against a v8.1 appliance", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", {
      snapshots: vmsNamed(["vm-1", "vm-2", "vm-3", "vm-4"], ["vm-3"]),
      jobDurationMs: 200,
    });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const batch = "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots";
  const args = (...vmIds: string[]) => [
    "snapshots",
    "delete",
    ...vmIds,
    "--yes",
    "--url",
    appliance.url,
    "--token",
    "t",
    "--api-version",
    "v8.1",
  ];
  const waiting = ["--wait", "--interval", "0.05"];
  const count = async () => (await (await fetch(`${appliance.url}/_mock/snapshots/count`)).json()).count;

  it("sends one batch request with each VM once, and prints for each VM the session it started", async () => {
    const { code, stdout, stderr } = await runCli(args("vm-1", "vm-2", "vm-1"));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(rows(stdout)).toEqual([
      head,
      ["vm-1", "1", "Running", started],
      ["vm-2", "1", "Running", started],
    ]);
    expect(posts(appliance)).toEqual([`POST ${batch}`]);
    expect(appliance.control.sessions().map(({ id, vmIds }) => ({ id, vmIds }))).toEqual([
      { id: "1", vmIds: ["vm-1", "vm-2"] },
    ]);
    appliance.control.advance(1_000); // the session ends: the two VMs' snapshots are gone
    expect(inventoryOf(appliance)).toEqual(["vm-3", "vm-4"]);
  });

  it("with --wait --output ndjson, follows the batch's one session to its end, when the VMs are gone", async () => {
    const { code, stdout, stderr } = await runCli([
      ...args("vm-1", "vm-2"),
      ...waiting,
      "--output",
      "ndjson",
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(
      parseOutput.ndjson(stdout).map(({ vmId, session, error }: Record<string, unknown>) => ({
        vmId,
        session,
        error,
      })),
    ).toEqual(
      ["vm-1", "vm-2"].map((vmId) => ({
        vmId,
        session: expect.objectContaining({
          id: "1",
          type: "SnapshotDeletion",
          status: "Success",
          executionDuration: ended,
        }),
        error: null,
      })),
    );
    expect(appliance.received.filter((line) => line.startsWith("GET"))).toContain(
      "GET /api/v8.1/jobSessions/1",
    );
    expect(await count()).toBe(2);
  });

  it.each(["table", "json"] as const)(
    "reports a 204 for VMs already deleted as nothing to delete, with exit code 0 (--output %s)",
    async (format) => {
      await appliance.startDeletion("vm-1", "vm-2");
      appliance.control.advance(1_000);
      appliance.clear();
      const { code, stdout, stderr } = await runCli([
        ...args("vm-1", "vm-2"),
        ...waiting,
        "--output",
        format,
      ]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      if (format === "table") {
        expect(rows(stdout)).toEqual([
          head,
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
      // Nothing to wait for: no session was read, and none started.
      expect(appliance.received).toEqual([`POST ${batch}`]);
      expect(appliance.control.sessions()).toHaveLength(1);
    },
  );

  it("with --output csv, prints the table's columns as a header row, then a row per VM", async () => {
    const { code, stdout, stderr } = await runCli([...args("vm-1", "vm-2"), "--output", "csv"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const [header, ...lines] = stdout.trimEnd().split("\n");
    expect(header).toBe(head.join(","));
    expect(lines.map((line) => line.split(","))).toEqual([
      ["vm-1", "1", "Running", started],
      ["vm-2", "1", "Running", started],
    ]);
  });

  it("with --manual-only, removes only the manually created snapshots, in one session", async () => {
    const { code, stdout } = await runCli([...args("vm-3", "vm-4"), "--manual-only", ...waiting]);
    expect(code).toBe(0);
    expect(rows(stdout).slice(1)).toEqual([
      ["vm-3", "1", "Success", ended],
      ["vm-4", "1", "Success", ended],
    ]);
    expect(posts(appliance)).toEqual(["POST /api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots"]);
    expect(appliance.control.sessions()[0]?.type).toBe("ManualSnapshotDeletion");
    // vm-4's snapshots were not made manually: they stay.
    expect(inventoryOf(appliance)).toEqual(["vm-1", "vm-2", "vm-4"]);
  });

  it("reports a batch naming an unknown VM once, every VM not started, deletes nothing, and exits with 1", async () => {
    const { code, stdout, stderr } = await runCli(args("vm-1", "vm-404"));
    expect(code).toBe(1);
    expect(rows(stdout).slice(1)).toEqual([
      ["vm-1", "-", "not started", "-"],
      ["vm-404", "-", "not started", "-"],
    ]);
    expect(stderr).toMatch(
      new RegExp(
        `^vbazure: POST ${batch}: 404 Not Found - No virtual machine vm-404 is protected by this appliance; nothing was deleted\\. \\(trace \\S+\\)\\n$`,
      ),
    );
    expect(await count()).toBe(4);
    expect(appliance.control.sessions()).toEqual([]);
  });

  it("rides out a 503 with Retry-After: sends the batch again once the time asked has passed, and one session starts", async () => {
    appliance.control.fault({
      operation: "batchDeleteVirtualMachineSnapshots",
      status: 503,
      retryAfter: 1,
      times: 1,
    });
    appliance.control.fault({ operation: "getJobSession", status: 503, retryAfter: 0, times: 1 });
    const { code, stdout, stderr } = await runCli([...args("vm-1"), ...waiting]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(rows(stdout).slice(1)).toEqual([["vm-1", "1", "Success", ended]]);
    expect(posts(appliance)).toEqual([`POST ${batch}`, `POST ${batch}`]);
    const [first, second] = appliance.received.flatMap((line, i) =>
      line.startsWith("POST") ? [appliance.receivedAt[i] ?? 0] : [],
    );
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(999);
    expect(appliance.control.sessions()).toHaveLength(1);
    expect(inventoryOf(appliance)).not.toContain("vm-1");
  });

  it("asks about the manually created snapshots on a terminal", async () => {
    const { code } = await runInTerminal(
      [
        "snapshots",
        "delete",
        "vm-3",
        "--manual-only",
        "--url",
        appliance.url,
        "--token",
        "t",
        "--api-version",
        "v8.1",
      ],
      [{ when: /Delete the manually created snapshots of VM vm-3\? \(y\/N\)/, type: "y\r" }],
    );
    expect(code).toBe(0);
    expect(posts(appliance)).toEqual(["POST /api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots"]);
  });
});

// The mock's sessions end Success, Warning or Error; NeverExecuted (v6+) needs a server that says so.
describe("snapshots delete --wait, a session that never ran", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it("reports a session that ends with NeverExecuted once, and exits with 1", async () => {
    const session = (status: string) => ({ id: "s1", type: "SnapshotDeletion", status });
    server.handle((req, res) =>
      json(
        res,
        req.method === "POST" ? 202 : 200,
        session(req.method === "POST" ? "Pending" : "NeverExecuted"),
      ),
    );
    const { code, stdout, stderr } = await runCli([
      "snapshots",
      "delete",
      "vm-1",
      "vm-2",
      "--yes",
      "--wait",
      "--interval",
      "0.05",
      "--url",
      server.url,
      "--token",
      "t",
      "--api-version",
      "v8.1",
    ]);
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
});

describe("snapshots delete against a v1 appliance", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("1.0", {
      snapshots: vmsNamed(["vm-1", "vm-2", "vm-3"]),
      outcomes: { "vm-2": "Error" },
      jobDurationMs: 200,
    });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const args = (...vmIds: string[]) => [
    "snapshots",
    "delete",
    ...vmIds,
    "--url",
    appliance.url,
    "--token",
    "t",
    "--api-version",
    "v1",
  ];
  const waitFor = (...vmIds: string[]) => [...args(...vmIds), "--yes", "--wait", "--interval", "0.05"];

  it("refuses without --yes when stdin is not a terminal, and sends nothing", async () => {
    const { code, stdout, stderr } = await runCli(args("vm-1"));
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      "vbazure: refusing to delete without confirmation: stdin is not a terminal; pass --yes to confirm\n",
    );
    expect(appliance.received).toEqual([]);
  });

  it("checks every vmId before deleting any", async () => {
    const { code, stderr } = await runCli([...args("vm-1", ".."), "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vbazure: <vmId>: vmId "\.\." is not an id/);
    expect(appliance.received).toEqual([]);
  });

  it("with --wait, sends a request per VM and follows each session to its end", async () => {
    const { code, stdout, stderr } = await runCli(waitFor("vm-1", "vm-3"));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(rows(stdout)).toEqual([head, ["vm-1", "1", "Success", ended], ["vm-3", "2", "Success", ended]]);
    expect(posts(appliance)).toEqual([
      "POST /api/v1/virtualMachines/vm-1/deleteSnapshots",
      "POST /api/v1/virtualMachines/vm-3/deleteSnapshots",
    ]);
    expect(inventoryOf(appliance)).toEqual(["vm-2"]);
  });

  it("with --wait, exits with 1 when a session ends in Error, after reporting every VM", async () => {
    const { code, stdout, stderr } = await runCli(waitFor("vm-1", "vm-2"));
    expect(code).toBe(1);
    expect(rows(stdout).slice(1)).toEqual([
      ["vm-1", "1", "Success", ended],
      ["vm-2", "2", "Error", ended],
    ]);
    expect(stderr).toBe("vbazure: vm-2: Job session 2 (SnapshotDeletion) ended with status Error\n");
    // A deletion that ended in Error removed nothing.
    expect(inventoryOf(appliance)).toEqual(["vm-2", "vm-3"]);
  });

  it("goes on with the other VMs when one is unknown or has no snapshots left (404 on v1), then exits with 1", async () => {
    await appliance.startDeletion("vm-3");
    appliance.control.advance(1_000);
    const { code, stdout, stderr } = await runCli([...args("vm-404", "vm-3", "vm-1"), "--yes"]);
    expect(code).toBe(1);
    expect(rows(stdout)).toEqual([
      head,
      ["vm-404", "-", "not started", "-"],
      ["vm-3", "-", "not started", "-"],
      ["vm-1", "2", "Running", started],
    ]);
    expect(stderr).toMatch(
      new RegExp(
        [
          "^vbazure: vm-404: POST /api/v1/virtualMachines/vm-404/deleteSnapshots: 404 Not Found - No virtual machine vm-404 is protected by this appliance; nothing was deleted\\. \\(trace \\S+\\)",
          "vbazure: vm-3: POST /api/v1/virtualMachines/vm-3/deleteSnapshots: 404 Not Found - Virtual machine vm-3 has no snapshots to delete\\. \\(trace \\S+\\)",
          "$",
        ].join("\\n"),
      ),
    );
  });

  it("exits with 3 when the appliance does not answer in time, and does not send the deletion again", async () => {
    appliance.control.fault({ operation: "deleteVirtualMachineSnapshots", kind: "hang" });
    const { code, stderr } = await runCli([...args("vm-1"), "--yes", "--timeout", "0.2"]);
    expect(code).toBe(3);
    expect(stderr).toBe(
      "vbazure: vm-1: POST /api/v1/virtualMachines/vm-1/deleteSnapshots: no complete response within 200 ms\n",
    );
    expect(posts(appliance)).toHaveLength(1);
  });

  describe("on a terminal", () => {
    it("asks first, and deletes when the answer is yes", async () => {
      const { code, stdout } = await runInTerminal(args("vm-1"), [
        { when: /Delete the snapshots of VM vm-1\? \(y\/N\)/, type: "y\r" },
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/VM ID\s+SESSION\s+STATUS\s+DURATION\r\nvm-1\s+1\s+Running/);
      expect(appliance.received).toEqual(["POST /api/v1/virtualMachines/vm-1/deleteSnapshots"]);
    });

    it("deletes nothing when the answer is no (the default), and exits with 2: not confirmed", async () => {
      const { code, stdout } = await runInTerminal(args("vm-1", "vm-2"), [
        { when: /Delete the snapshots of 2 VMs \(vm-1, vm-2\)\? \(y\/N\)/, type: "\r" },
      ]);
      expect(code).toBe(2);
      expect(stdout).toContain("Nothing deleted.");
      expect(appliance.received).toEqual([]);
    });

    it("stops with 130 on Ctrl-C at the question", async () => {
      const { code, stdout } = await runInTerminal(args("vm-1"), [{ when: /\(y\/N\)/, type: "\x03" }]);
      expect(code).toBe(130);
      expect(stdout).toContain("vbazure: interrupted");
      expect(appliance.received).toEqual([]);
    });
  });
});
