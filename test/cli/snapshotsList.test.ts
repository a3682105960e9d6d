// `vbazure snapshots list` against the Prism mock (the v8.1 spec's seed page, v8.1 detected) and against a v1
// loopback server with many pages: every output format, one page or --all, the progress line that only a terminal
// sees, and the filters' checks.
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { parseOutput, runCli, runInTerminal, tableRows } from "../helpers/cli.js";
import { type FaultServer, json, snapshotPage, startFaultServer } from "../helpers/faultServer.js";

const seedVmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
const mock = () => ["--url", inject("mockUrl"), "--token", "any"];

describe("snapshots list against the mock appliance", () => {
  it("prints a table: name, region, resource group, size, OS disk, data disks, restore point (and the vmId to delete by)", async () => {
    const { code, stdout, stderr } = await runCli(["snapshots", "list", ...mock()]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const [head, ...rows] = tableRows(stdout);
    expect(head).toEqual([
      "NAME",
      "REGION",
      "RESOURCE GROUP",
      "SIZE",
      "OS DISK",
      "DATA DISKS",
      "RESTORE POINT",
      "VM ID",
    ]);
    expect(rows).toEqual([
      [
        "test-linux",
        "North Europe",
        "test-resource-group",
        "Standard_B1ls",
        "test-linux_disk1_8dfe9807186543d68d50175d7ad98f0a",
        "0",
        "a3687ba6-6f6b-44bd-8475-0979b1bce276",
        seedVmId,
      ],
    ]);
  });

  it("prints v1's table with --api-version v1: no restore point, the disk's v1 name", async () => {
    const { code, stdout } = await runCli(["snapshots", "list", "--api-version", "v1", ...mock()]);
    expect(code).toBe(0);
    expect(tableRows(stdout)).toEqual([
      ["NAME", "REGION", "RESOURCE GROUP", "SIZE", "OS DISK", "DATA DISKS", "VM ID"],
      [
        "test-linux",
        "North Europe",
        "test-resource-group",
        "Standard_B1ls",
        "test-linux_disk1_8dfe9807186543d68d50175d7ad98f0a",
        "0",
        seedVmId,
      ],
    ]);
  });

  it("prints JSON: the snapshots as an array", async () => {
    const { code, stdout } = await runCli(["snapshots", "list", "--output", "json", ...mock()]);
    expect(code).toBe(0);
    const vms = JSON.parse(stdout);
    expect(vms).toHaveLength(1);
    expect(vms[0]).toMatchObject({ vmId: seedVmId, name: "test-linux", dataDisks: [] });
  });

  it("prints NDJSON: one snapshot a line", async () => {
    const { code, stdout } = await runCli(["snapshots", "list", "--all", "--output", "ndjson", ...mock()]);
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).vmId),
    ).toEqual([seedVmId]);
  });
});

describe("snapshots list against a v1 appliance with many snapshots", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
    // 5 snapshots, served in pages of the size asked for.
    server.handle((req, res) => {
      const query = new URL(req.url ?? "", server.url).searchParams;
      const offset = Number(query.get("offset"));
      const limit = Number(query.get("limit"));
      json(res, 200, snapshotPage(offset, limit, Math.max(0, Math.min(limit, 5 - offset))));
    });
  });
  afterEach(() => server.close());
  const args = () => [
    "snapshots",
    "list",
    "--url",
    server.url,
    "--token",
    "t",
    "--page-size",
    "2",
    "--api-version",
    "v1",
  ];
  const names = (stdout: string) =>
    tableRows(stdout)
      .slice(1)
      .map((row) => row[0]);

  it("without --all, prints the first page, asked for with --page-size", async () => {
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(names(stdout)).toEqual(["vm-0", "vm-1"]);
    expect(server.received.map((r) => r.url)).toEqual(["/api/v1/virtualMachineSnapshots?offset=0&limit=2"]);
  });

  it("with --all, follows every page, and prints no progress when stderr is not a terminal", async () => {
    const { code, stdout, stderr } = await runCli([...args(), "--all"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(names(stdout)).toEqual(["vm-0", "vm-1", "vm-2", "vm-3", "vm-4"]);
    // The client keeps two requests in flight: one for offset 6 may have gone out before the short page at 4
    // arrived; the empty page at 5 ends the listing.
    const offsets = server.received.map((r) => Number(new URL(r.url, server.url).searchParams.get("offset")));
    expect(offsets.filter((offset) => offset !== 6).sort()).toEqual([0, 2, 4, 5]);
  });

  it.each(["json", "ndjson"] as const)("with --all --output %s, prints every snapshot", async (format) => {
    const { code, stdout } = await runCli([...args(), "--all", "--output", format]);
    expect(code).toBe(0);
    expect(parseOutput[format](stdout).map((vm: { vmId: string }) => vm.vmId)).toEqual([
      "vm-0",
      "vm-1",
      "vm-2",
      "vm-3",
      "vm-4",
    ]);
  });

  it("with --all on a terminal, shows a progress line on stderr, then clears it", async () => {
    const { code, stdout } = await runInTerminal([...args(), "--all"], []);
    expect(code).toBe(0);
    expect(stdout).toContain("Fetched 5 snapshots (3 pages)...");
    expect(stdout).toContain("\r\x1b[2KNAME");
  });

  it("without --all on a terminal, says when there may be more", async () => {
    const { code, stdout } = await runInTerminal(args(), []);
    expect(code).toBe(0);
    expect(stdout).toContain("(the first 2; --all lists every snapshot)");
  });

  it("says so on stderr, not as a table, when there are none", async () => {
    server.handle((_req, res) => json(res, 200, snapshotPage(0, 2, 0)));
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "", stderr: "No snapshots.\n" });
  });

  it("exits with 1 and the problem's detail when the appliance refuses", async () => {
    server.handle((_req, res) =>
      json(
        res,
        403,
        {
          title: "Forbidden",
          status: 403,
          detail: "The license agreement has not been accepted.",
          traceId: "00-abc-01",
        },
        { "content-type": "application/problem+json" },
      ),
    );
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe(
      [
        "vbazure: GET /api/v1/virtualMachineSnapshots: 403 Forbidden - The license agreement has not been accepted. (trace 00-abc-01)",
        "",
      ].join("\n"),
    );
  });
});

describe("snapshots list filters", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it.each([
    [["--vm-id", ".."], 'vbazure: --vm-id: vmId ".." is not an id'],
    [
      ["--restore-point-id", "rp-1"],
      'vbazure: --restore-point-id: restorePointId must be a UUID such as "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a", got "rp-1"',
    ],
  ])("refuses %j with exit code 2 before any request, detection's included", async (filter, message) => {
    const { code, stdout, stderr } = await runCli([
      "snapshots",
      "list",
      ...filter,
      "--url",
      server.url,
      "--token",
      "t",
    ]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr.startsWith(message)).toBe(true);
    expect(server.received).toEqual([]);
  });

  it("pages through one VM's snapshots with --all, the filter on every page", async () => {
    server.handle((req, res) => {
      const query = new URL(req.url ?? "", server.url).searchParams;
      const offset = Number(query.get("Offset"));
      const page = snapshotPage(offset, 2, Math.max(0, Math.min(2, 3 - offset)));
      json(res, 200, { ...page, totalCount: 3 });
    });
    const { code, stdout } = await runCli([
      "snapshots",
      "list",
      "--all",
      "--vm-id",
      "vm-7",
      "--page-size",
      "2",
      "--output",
      "ndjson",
      "--url",
      server.url,
      "--token",
      "t",
      "--api-version",
      "v8",
    ]);
    expect(code).toBe(0);
    expect(parseOutput.ndjson(stdout).map((vm: { vmId: string }) => vm.vmId)).toEqual([
      "vm-0",
      "vm-1",
      "vm-2",
    ]);
    // The total (3) ends the listing: no request past it.
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/v8/restorePoints/virtualMachines/snapshots?Offset=0&Limit=2&VirtualMachineId=vm-7",
      "/api/v8/restorePoints/virtualMachines/snapshots?Offset=2&Limit=2&VirtualMachineId=vm-7",
    ]);
  });
});
