// `vbazure snapshots list` against stateful mock appliances: a v8.1 one with a generated inventory of 250 VMs
// (v8.1 detected; one page or --all through every page, which totalCount ends; filters that filter) and a v1 one
// of 5 VMs in pages of 2 (every output format, the progress line that only a terminal sees, none, a refusal);
// and the filters' checks. A loopback server plays the one case the mock cannot: a filter matching several pages.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockVm } from "../../src/mock/types.js";
import { type Appliance, startAppliance } from "../helpers/appliances.js";
import { parseOutput, runCli, runInTerminal, startCli, tableRows } from "../helpers/cli.js";
import { type FaultServer, json, snapshotPage, startFaultServer } from "../helpers/faultServer.js";

const seedVmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
const vmIdsOf = (vms: { vmId?: string | null }[]) => vms.map((vm) => vm.vmId);
const restorePointOf = (vm: MockVm | undefined) => vm?._links?.restorepoint?.href?.split("/").pop() ?? "";
const detection = [
  "GET /api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=1",
  "GET /api/v8.1/system/about",
];
const page = (offset: number, limit: number) =>
  `GET /api/v8.1/restorePoints/virtualMachines/snapshots?Offset=${offset}&Limit=${limit}`;

describe("snapshots list against a v8.1 appliance of 250 VMs", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("8.1", { snapshots: 250 });
  });
  afterAll(() => appliance.close());
  beforeEach(() => appliance.clear());
  const on = () => ["--url", appliance.url, "--token", "any"];
  const inventory = () => appliance.control.snapshots();

  it("prints the first page as a table: name, region, resource group, size, OS disk, data disks, restore point, VM id", async () => {
    const { code, stdout, stderr } = await runCli(["snapshots", "list", ...on()]);
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
    // The inventory's first VM is the seed example's.
    expect(rows[0]).toEqual([
      "test-linux",
      "North Europe",
      "test-resource-group",
      "Standard_B1ls",
      "test-linux_disk1_8dfe9807186543d68d50175d7ad98f0a",
      "0",
      "a3687ba6-6f6b-44bd-8475-0979b1bce276",
      seedVmId,
    ]);
    const firstPage = inventory().slice(0, 100);
    expect(rows.map((row) => row.at(-1))).toEqual(vmIdsOf(firstPage));
    expect(rows.map((row) => [row[0], row[5], row[6]])).toEqual(
      firstPage.map((vm) => [vm.name, String(vm.dataDisks?.length), restorePointOf(vm)]),
    );
    expect(appliance.received).toEqual([...detection, page(0, 100)]);
  });

  it("with --all --output json, prints every VM as one array, and stops at totalCount", async () => {
    const { code, stdout } = await runCli(["snapshots", "list", "--all", "--output", "json", ...on()]);
    expect(code).toBe(0);
    const vms = parseOutput.json(stdout);
    expect(vmIdsOf(vms)).toEqual(vmIdsOf(inventory()));
    // As the appliance lists them: the model, without the mock's own `manual`.
    const { manual: _manual, ...second } = inventory()[1] ?? {};
    expect(vms[1]).toStrictEqual(second);
    expect(appliance.received).toEqual([...detection, page(0, 100), page(100, 100), page(200, 100)]);
  });

  it("with --all --output ndjson --page-size 120, prints one VM a line, in pages of 120", async () => {
    const { code, stdout } = await runCli([
      "snapshots",
      "list",
      "--all",
      "--output",
      "ndjson",
      "--page-size",
      "120",
      ...on(),
    ]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split("\n")).toHaveLength(250);
    expect(vmIdsOf(parseOutput.ndjson(stdout))).toEqual(vmIdsOf(inventory()));
    expect(appliance.received).toEqual([...detection, page(0, 120), page(120, 120), page(240, 120)]);
  });

  it("with --all --output csv --page-size 120, prints the table's columns under one header row, a VM a line", async () => {
    const { code, stdout } = await runCli([
      "snapshots",
      "list",
      "--all",
      "--output",
      "csv",
      "--page-size",
      "120",
      ...on(),
    ]);
    expect(code).toBe(0);
    const [header, ...lines] = stdout.trimEnd().split("\n");
    expect(header).toBe("NAME,REGION,RESOURCE GROUP,SIZE,OS DISK,DATA DISKS,RESTORE POINT,VM ID");
    // Three pages, one header: the pages after the first print rows only.
    expect(lines).toHaveLength(250);
    expect(lines.map((line) => line.split(",").at(-1))).toEqual(vmIdsOf(inventory()));
    expect(lines[0]).toBe(
      `test-linux,North Europe,test-resource-group,Standard_B1ls,test-linux_disk1_8dfe9807186543d68d50175d7ad98f0a,0,a3687ba6-6f6b-44bd-8475-0979b1bce276,${seedVmId}`,
    );
    expect(appliance.received).toEqual([...detection, page(0, 120), page(120, 120), page(240, 120)]);
  });

  it("--output csv of a list with no snapshot is the header row alone, with or without --all", async () => {
    const vmId = "nosuchvm";
    for (const all of [[], ["--all"]]) {
      const { code, stdout } = await runCli([
        "snapshots",
        "list",
        ...all,
        "--vm-id",
        vmId,
        "--output",
        "csv",
        ...on(),
      ]);
      expect({ code, stdout }).toEqual({
        code: 0,
        stdout: "NAME,REGION,RESOURCE GROUP,SIZE,OS DISK,DATA DISKS,RESTORE POINT,VM ID\n",
      });
    }
  });

  it("--vm-id lists that VM alone; with another VM's --restore-point-id, none", async () => {
    const [, , , , , vm, other] = inventory();
    const vmId = vm?.vmId ?? "";
    const one = await runCli(["snapshots", "list", "--vm-id", vmId, "--output", "json", ...on()]);
    expect(one.code).toBe(0);
    expect(vmIdsOf(parseOutput.json(one.stdout))).toEqual([vmId]);
    expect(appliance.received.at(-1)).toBe(`${page(0, 100)}&VirtualMachineId=${vmId}`);

    const none = await runCli([
      "snapshots",
      "list",
      "--vm-id",
      vmId,
      "--restore-point-id",
      restorePointOf(other),
      ...on(),
    ]);
    expect(none).toEqual({ code: 0, stdout: "", stderr: "No snapshots.\n" });
  });

  it.each([
    [["--vm-id", ".."], 'vbazure: --vm-id: vmId ".." is not an id'],
    [
      ["--restore-point-id", "rp-1"],
      'vbazure: --restore-point-id: restorePointId must be a UUID such as "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a", got "rp-1"',
    ],
  ])("refuses %j with exit code 2 before any request, detection's included", async (filter, message) => {
    const { code, stdout, stderr } = await runCli(["snapshots", "list", ...filter, ...on()]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr.startsWith(message)).toBe(true);
    expect(appliance.received).toEqual([]);
  });
});

describe("snapshots list against a v1 appliance of 5 VMs, in pages of 2", () => {
  let appliance: Appliance;
  beforeAll(async () => {
    appliance = await startAppliance("1.0", { snapshots: 5 });
  });
  afterAll(() => appliance.close());
  beforeEach(() => {
    appliance.control.reset();
    appliance.clear();
  });
  const args = () => [
    "snapshots",
    "list",
    "--url",
    appliance.url,
    "--token",
    "t",
    "--page-size",
    "2",
    "--api-version",
    "v1",
  ];
  const all = () => vmIdsOf(appliance.control.snapshots());

  it("without --all, prints the first page, asked for with --page-size, in v1's columns", async () => {
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    // No restore point column, and the disk's v1 name.
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
      [
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
        all()[1],
      ],
    ]);
    expect(appliance.received).toEqual(["GET /api/v1/virtualMachineSnapshots?offset=0&limit=2"]);
  });

  it("with --all, follows every page, and prints no progress when stderr is not a terminal", async () => {
    const { code, stdout, stderr } = await runCli([...args(), "--all"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(
      tableRows(stdout)
        .slice(1)
        .map((row) => row.at(-1)),
    ).toEqual(all());
    // v1 has no totalCount: the short page at 4 ends the listing. The client keeps two requests in flight, so
    // one past it may have gone out already.
    const offsets = appliance.received.map((line) => Number(/offset=(\d+)/.exec(line)?.[1]));
    expect(offsets.slice(0, 3)).toEqual([0, 2, 4]);
    expect(offsets.slice(3).every((offset) => offset > 4)).toBe(true);
  });

  it.each(["json", "ndjson"] as const)("with --all --output %s, prints every snapshot", async (format) => {
    const { code, stdout } = await runCli([...args(), "--all", "--output", format]);
    expect(code).toBe(0);
    const vms = parseOutput[format](stdout);
    expect(vmIdsOf(vms)).toEqual(all());
    // v1's model: a disk's name is `name`, and there is no restore point.
    expect(vms[0].osDisk).toEqual({
      diskId: expect.any(String),
      name: "test-linux_disk1_8dfe9807186543d68d50175d7ad98f0a",
    });
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
    appliance.control.reset({ snapshots: 0 });
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "", stderr: "No snapshots.\n" });
  });

  it("exits with 1 and the problem's title when the appliance refuses", async () => {
    appliance.control.fault({ operation: "listVirtualMachineSnapshots", status: 403 });
    const { code, stdout, stderr } = await runCli(args());
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    // A 403 problem has no detail (versions.md, errors).
    expect(stderr).toBe("vbazure: GET /api/v1/virtualMachineSnapshots: 403 Forbidden\n");
  });
});

// One VM has one restore point in the mock, so a filter matches one item there; several pages of one VM's
// snapshots need a server that says so.
describe("snapshots list --vm-id over several pages", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

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

  it("with --all --output csv, prints each page as it arrives: the first page's rows while the next is awaited", async () => {
    server.handle((req, res) => {
      const offset = Number(new URL(req.url ?? "", server.url).searchParams.get("Offset"));
      // The first page answers; the next ones never do.
      if (offset === 0) json(res, 200, { ...snapshotPage(0, 2, 2), totalCount: 10 });
    });
    const cli = startCli([
      "snapshots",
      "list",
      "--all",
      "--page-size",
      "2",
      "--output",
      "csv",
      "--url",
      server.url,
      "--token",
      "t",
      "--api-version",
      "v8",
    ]);
    try {
      const shown = await cli.waitFor(/\nvm-0,.*\nvm-1,.*\n/, 20_000);
      expect(shown.split("\n")[0]).toBe(
        "NAME,REGION,RESOURCE GROUP,SIZE,OS DISK,DATA DISKS,RESTORE POINT,VM ID",
      );
      expect(shown.split("\n").map((line) => line.split(",")[0])).toEqual(["NAME", "vm-0", "vm-1", ""]);
    } finally {
      await cli.stop("SIGTERM");
    }
  });
});
