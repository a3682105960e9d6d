// `vbazure snapshots prune`, run as an operator would against stateful mock appliances whose job sessions end
// after 200 ms: the plan (and --dry-run, which sends nothing but reads), the refusals (no filter without --all, no
// confirmation without a terminal), batches of --batch-size from v6 on and a request per VM on v1, a session that
// ends in Error, a VM gone between the plan and the deletes (already gone, not a failure), and on a real terminal
// the question and the progress bar.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockVm } from "../../src/mock/types.js";
import { type Appliance, startAppliance, vmsNamed } from "../helpers/appliances.js";
import { parseOutput, tableRows as rows, runCli, runInTerminal } from "../helpers/cli.js";
import { type FaultServer, json, startFaultServer } from "../helpers/faultServer.js";

const head = ["VM ID", "NAME", "RESULT", "SESSION", "REASON"];
const batch = "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots";
const inventoryOf = (appliance: Appliance) => appliance.control.snapshots().map((vm) => vm.vmId);
const posts = (appliance: Appliance) => appliance.received.filter((line) => line.startsWith("POST"));

/** VMs named as their ids, in `region` and `group` (each "id@region/group"). */
function inventory(specs: string[], manual: string[] = []): MockVm[] {
  const parsed = specs.map((spec) => {
    const [vmId = "", where = ""] = spec.split("@");
    const [region = "", group = ""] = where.split("/");
    return { vmId, region, group };
  });
  return vmsNamed(
    parsed.map(({ vmId }) => vmId),
    manual,
  ).map((vm, i) => ({
    ...vm,
    region: {
      id: parsed[i]?.region ?? "",
      name: parsed[i]?.region === "northeurope" ? "North Europe" : "West Europe",
    },
    resourceGroup: { ...vm.resourceGroup, name: parsed[i]?.group ?? "" },
  }));
}

const vms = inventory(
  [
    "test-1@northeurope/test-rg",
    "TEST-2@northeurope/Test-RG",
    "test-3@northeurope/test-rg",
    "prod-1@northeurope/test-rg",
    "test-4@westeurope/test-rg",
  ],
  ["test-3"],
);

describe("snapshots prune against a v8.1 appliance", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", { snapshots: vms, jobDurationMs: 200, outcomes: {} });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const prune = (...args: string[]) => [
    "snapshots",
    "prune",
    ...args,
    "--url",
    appliance.url,
    "--token",
    "t",
    "--api-version",
    "v8.1",
  ];
  const testRg = ["--resource-group", "TEST-rg", "--region", "North Europe", "--name", "test-*"];

  it("--dry-run prints the plan (the VMs matching every filter, whatever the case) and sends nothing but reads", async () => {
    const { code, stdout, stderr } = await runCli(prune(...testRg, "--dry-run", "--output", "json"));
    expect(code).toBe(0);
    expect(parseOutput.json(stdout)).toEqual(
      ["test-1", "TEST-2", "test-3"].map((vmId) => ({ vmId, name: vmId, result: "planned" })),
    );
    expect(stderr).toBe("3 VMs match (resource group TEST-rg; region North Europe; name test-*).\n");
    expect(appliance.received.every((line) => line.startsWith("GET"))).toBe(true);
    expect(inventoryOf(appliance)).toHaveLength(5);
  });

  it("--output csv prints the table's columns under the JSON names, a line a VM, with nothing for a missing value", async () => {
    const { code, stdout } = await runCli(
      prune("--name", "test-[*", "--vm-id", "test-1", "--dry-run", "--output", "csv"),
    );
    expect({ code, stdout }).toEqual({ code: 0, stdout: "vmId,name,result,sessionId,reason\n" }); // no VM: the header alone
    const some = await runCli(
      prune(
        "--name",
        "TEST-?",
        "--region",
        "northeurope",
        "--yes",
        "--no-wait",
        "--batch-size",
        "2",
        "--output",
        "csv",
      ),
    );
    expect(some.code).toBe(0);
    expect(some.stdout).toBe(
      "vmId,name,result,sessionId,reason\ntest-1,test-1,started,1,\nTEST-2,TEST-2,started,1,\ntest-3,test-3,started,2,\n",
    );
  });

  it("refuses a prune with no filter unless --all, before any request", async () => {
    const refused = await runCli(prune("--yes"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^vbazure: refusing to prune every VM without a filter: .*--all/);
    expect(appliance.received).toEqual([]);
    const all = await runCli(prune("--all", "--dry-run", "--output", "ndjson"));
    expect(all.code).toBe(0);
    expect(parseOutput.ndjson(all.stdout).map((row: { vmId: string }) => row.vmId)).toEqual(
      vms.map((vm) => vm.vmId),
    );
  });

  it("refuses to delete without --yes when stdin is not a terminal, before any request", async () => {
    const { code, stdout, stderr } = await runCli(prune(...testRg));
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(
      /^vbazure: refusing to delete without confirmation: stdin is not a terminal; pass --yes/,
    );
    expect(appliance.received).toEqual([]);
  });

  it("deletes in batches of --batch-size, waits for their sessions, and reports each VM deleted", async () => {
    const { code, stdout, stderr } = await runCli(
      prune(...testRg, "--yes", "--batch-size", "2", "--interval", "0.05", "--output", "json"),
    );
    expect({ code, stderr }).toEqual({
      code: 0,
      stderr:
        "3 VMs match (resource group TEST-rg; region North Europe; name test-*).\n3 deleted, 0 nothing to delete, 0 already gone, 0 failed\n",
    });
    expect(parseOutput.json(stdout)).toEqual([
      { vmId: "test-1", name: "test-1", result: "deleted", sessionId: "1" },
      { vmId: "TEST-2", name: "TEST-2", result: "deleted", sessionId: "1" },
      { vmId: "test-3", name: "test-3", result: "deleted", sessionId: "2" },
    ]);
    expect(posts(appliance)).toEqual([`POST ${batch}`, `POST ${batch}`]);
    expect(appliance.control.sessions().map((session) => session.vmIds)).toEqual([
      ["test-1", "TEST-2"],
      ["test-3"],
    ]);
    expect(inventoryOf(appliance)).toEqual(["prod-1", "test-4"]);
  });

  it("--no-wait reports the sessions as started; --vm-id uses the listing's own filter", async () => {
    const { code, stdout } = await runCli(
      prune("--vm-id", "test-1", "--vm-id", "test-4", "--yes", "--no-wait", "--output", "ndjson"),
    );
    expect(code).toBe(0);
    expect(parseOutput.ndjson(stdout)).toEqual([
      { vmId: "test-1", name: "test-1", result: "started", sessionId: "1" },
      { vmId: "test-4", name: "test-4", result: "started", sessionId: "1" },
    ]);
    const gets = appliance.received.filter((line) => line.startsWith("GET"));
    expect(gets.every((line) => /VirtualMachineId=test-[14]/.test(line))).toBe(true);
    expect(appliance.received.some((line) => line.includes("jobSessions"))).toBe(false);
  });

  it("--manual-only reports a VM without manual snapshots as nothing to delete", async () => {
    const { code, stdout } = await runCli(
      prune(
        "--vm-id",
        "test-3",
        "--vm-id",
        "test-1",
        "--manual-only",
        "--yes",
        "--batch-size",
        "1",
        "--interval",
        "0.05",
      ),
    );
    expect(code).toBe(0);
    expect(rows(stdout)).toEqual([
      head,
      ["test-3", "test-3", "deleted", "1", "-"],
      ["test-1", "test-1", "nothing-to-delete", "-", "-"],
    ]);
    expect(posts(appliance)).toEqual([
      "POST /api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots",
      "POST /api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots",
    ]);
  });

  it.each([
    ["json", "[]\n"],
    ["table", ""],
  ])("sends nothing when no VM matches, and exits with 0 (--output %s)", async (format, printed) => {
    const { code, stdout, stderr } = await runCli(prune("--name", "nothing-*", "--yes", "--output", format));
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: printed,
      stderr: "0 VMs match (name nothing-*).\nNothing to delete.\n",
    });
    expect(posts(appliance)).toEqual([]);
  });

  it("retries a batch answered 404 one VM at a time, so the others still go", async () => {
    appliance.control.fault({ operation: "batchDeleteVirtualMachineSnapshots", status: 404, times: 1 });
    const { code, stdout } = await runCli(
      prune("--name", "test-?", "--region", "northeurope", "--yes", "--no-wait", "--output", "json"),
    );
    expect(code).toBe(0);
    expect(parseOutput.json(stdout).map((row: { result: string }) => row.result)).toEqual([
      "started",
      "started",
      "started",
    ]);
    expect(posts(appliance)).toEqual(Array(4).fill(`POST ${batch}`));
  });
});

describe("snapshots prune against a v8.1 appliance whose sessions may fail", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", {
      snapshots: vms,
      jobDurationMs: 200,
      outcomes: { "TEST-2": "Error" },
    });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const prune = (...args: string[]) => [
    "snapshots",
    "prune",
    "--name",
    "test-*",
    "--region",
    "northeurope",
    ...args,
    "--interval",
    "0.05",
    "--url",
    appliance.url,
    "--token",
    "t",
    "--api-version",
    "v8.1",
  ];

  it("marks each VM of a batch whose session failed as failed, with the session, and exits with 1", async () => {
    const { code, stdout, stderr } = await runCli(prune("--yes", "--batch-size", "2", "--output", "json"));
    expect(code).toBe(1);
    expect(parseOutput.json(stdout)).toEqual([
      {
        vmId: "test-1",
        name: "test-1",
        result: "failed",
        sessionId: "1",
        reason: expect.stringMatching(/Job session 1 .*Error/),
      },
      {
        vmId: "TEST-2",
        name: "TEST-2",
        result: "failed",
        sessionId: "1",
        reason: expect.stringMatching(/Job session 1 .*Error/),
      },
      { vmId: "test-3", name: "test-3", result: "deleted", sessionId: "2" },
    ]);
    expect(stderr).toMatch(/1 deleted, 0 nothing to delete, 0 already gone, 2 failed\n$/);
  });

  it("on a terminal asks first, shows a progress bar, and reports a VM gone meanwhile as already gone", async () => {
    const run = runInTerminal(prune(), [{ when: /Delete the snapshots of 3 VMs\? \(y\/N\)/, type: "y\r" }]);
    // Between the plan and the answer, TEST-2 leaves the appliance: its batch is answered 404. The listing is
    // answered within a few ms of its arrival, the answer typed 200 ms after the question shows: 100 ms is between.
    await appliance.arrival(/^GET /);
    await new Promise((resolve) => setTimeout(resolve, 100));
    appliance.control.reset({ snapshots: vms.filter((vm) => vm.vmId !== "TEST-2") });
    const { code, stdout } = await run;
    expect(code).toBe(0);
    // The plan (on stderr, which is the terminal too) comes before the question.
    const plan = stdout.indexOf("3 VMs match (region northeurope; name test-*).");
    expect(plan).toBeGreaterThanOrEqual(0);
    expect(stdout.slice(plan)).toMatch(
      /^[^\n]*\r?\nVM ID\s+NAME\r?\ntest-1\s+test-1\r?\nTEST-2\s+TEST-2\r?\ntest-3\s+test-3\r?\n[^\n]*Delete the snapshots of 3 VMs\?/,
    );
    expect(stdout).toContain("[--------------------] 0/3 VMs sent");
    expect(stdout).toContain("[####################] 3/3 VMs sent");
    // TEST-2's batch went VM by VM: two sessions to wait for.
    expect(stdout).toContain("[##########----------] 1/2 job sessions ended");
    expect(stdout).toContain("[####################] 2/2 job sessions ended");
    expect(stdout).toMatch(/test-1\s+test-1\s+deleted\s+\d/);
    expect(stdout).toMatch(/TEST-2\s+TEST-2\s+already-gone\s+-\s+POST .*404 Not Found/);
    expect(stdout).toMatch(/test-3\s+test-3\s+deleted\s+\d/);
    expect(posts(appliance)).toHaveLength(4);
  });
});

describe("snapshots prune against a v1 appliance", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("1.0", {
      snapshots: vms,
      jobDurationMs: 200,
      outcomes: { "test-3": "Error" },
    });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const prune = (...args: string[]) => [
    "snapshots",
    "prune",
    ...args,
    "--interval",
    "0.05",
    "--url",
    appliance.url,
    "--token",
    "t",
    "--api-version",
    "v1",
  ];

  it("applies every filter to the listing itself, sends a request per VM, and a re-run tries only what is left", async () => {
    const argv = prune(
      "--vm-id",
      "TEST-1",
      "--vm-id",
      "test-3",
      "--vm-id",
      "test-4",
      "--region",
      "northeurope",
      "--yes",
    );
    const first = { ...(await runCli(argv)), argv };
    expect(first.code).toBe(1);
    expect(rows(first.stdout)).toEqual([
      head,
      ["test-1", "test-1", "deleted", "1", "-"],
      ["test-3", "test-3", "failed", "2", expect.stringMatching(/Job session 2 .*Error/)],
    ]);
    expect(
      appliance.received
        .filter((line) => line.startsWith("GET /api/v1/virtualMachineSnapshots"))
        .every((line) => !line.includes("VirtualMachineId")),
    ).toBe(true);
    expect(posts(appliance).sort()).toEqual([
      "POST /api/v1/virtualMachines/test-1/deleteSnapshots",
      "POST /api/v1/virtualMachines/test-3/deleteSnapshots",
    ]);
    expect(inventoryOf(appliance)).not.toContain("test-1");

    appliance.clear();
    const again = await runCli(first.argv);
    expect(again.code).toBe(1);
    expect(rows(again.stdout).map((row) => row.slice(0, 3))).toEqual([
      head.slice(0, 3),
      ["test-3", "test-3", "failed"],
    ]);
    expect(posts(appliance)).toEqual(["POST /api/v1/virtualMachines/test-3/deleteSnapshots"]);
  });

  it("refuses --manual-only, which v1 lacks, before any request", async () => {
    const { code, stderr } = await runCli(prune("--name", "*", "--manual-only", "--dry-run"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--manual-only/);
    expect(appliance.received).toEqual([]);
  });
});

// How many requests are in flight: a loopback v1 appliance that holds each deletion for 150 ms.
describe("snapshots prune --concurrency", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it.each([
    [["--concurrency", "2"], 2],
    [[], 4],
  ] as const)("with %j, has at most %i deletions in flight on v1", async (extra, most) => {
    const vmIds = Array.from({ length: 9 }, (_, i) => `vm-${i + 1}`);
    let inFlight = 0;
    let peak = 0;
    server.handle((req, res) => {
      if (req.method === "GET") {
        const query = new URL(req.url ?? "", server.url).searchParams;
        const offset = Number(query.get("offset"));
        const limit = Number(query.get("limit"));
        const results = vmIds.slice(offset, offset + limit).map((vmId) => ({ vmId, name: vmId }));
        return json(res, 200, { offset, limit, results });
      }
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, { id: `s-${req.url?.split("/")[4]}`, type: "SnapshotDeletion", status: "Running" });
      }, 150);
    });
    const { code, stdout, stderr } = await runCli([
      "snapshots",
      "prune",
      "--all",
      "--yes",
      "--no-wait",
      ...extra,
      "--output",
      "ndjson",
      "--url",
      server.url,
      "--token",
      "t",
      "--api-version",
      "v1",
    ]);
    expect({ code, stderr }).toEqual({
      code: 0,
      stderr: "9 VMs match (every VM).\n9 started, 0 nothing to delete, 0 already gone, 0 failed\n",
    });
    expect(parseOutput.ndjson(stdout).map((row: { sessionId: string }) => row.sessionId)).toEqual(
      vmIds.map((vmId) => `s-${vmId}`),
    );
    expect(peak).toBe(most);
  });
});
