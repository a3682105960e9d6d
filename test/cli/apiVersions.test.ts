// `vbazure` against stateful mock appliances of each product (8.1, 8.0, 7.0, 1.0: each serves its own versions and
// reports its own product version), as subprocesses: --api-version auto detects the newest version the appliance
// serves, once per run (probes, then the command's own requests), --verbose says which and how, about and verify
// follow the version detected, a given version (flag or VBAZURE_API_VERSION) skips detection and is spoken under
// its own prefix, and what v1 lacks is a usage error before the request.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Appliance, type Product, startAppliance } from "../helpers/appliances.js";
import { parseOutput, runCli, tableRows } from "../helpers/cli.js";
import { json, startFaultServer } from "../helpers/faultServer.js";

const seedVmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
const restorePointId = "a3687ba6-6f6b-44bd-8475-0979b1bce276";
const fields = (stdout: string) => Object.fromEntries(tableRows(stdout));
const listProbe = (version: string) =>
  version === "v1"
    ? "GET /api/v1/virtualMachineSnapshots?offset=0&limit=1"
    : `GET /api/${version}/restorePoints/virtualMachines/snapshots?Offset=0&Limit=1`;
/** The requests detection sends to find `version`: the newer versions' probes, its own, and system/about. */
const detection = (version: string) => {
  const order = ["v8.1", "v8", "v7", "v6", "v1"];
  const probes = order.slice(0, order.indexOf(version) + 1).map(listProbe);
  return version === "v1" ? probes : [...probes, `GET /api/${version}/system/about`];
};

const productVersions: Record<Product, string | null> = {
  "8.1": "8.1.0.32",
  "8.0": "8.0.0.19",
  "7.0": "7.0.0.41",
  "1.0": null,
};

const appliances = {} as Record<Product, Appliance>;
beforeAll(async () => {
  for (const product of ["8.1", "8.0", "7.0", "1.0"] as const)
    appliances[product] = await startAppliance(product, { snapshots: 3 });
});
afterAll(() => Promise.all(Object.values(appliances).map((appliance) => appliance.close())));
beforeEach(() => {
  for (const appliance of Object.values(appliances)) {
    appliance.control.reset();
    appliance.clear();
  }
});
const on = (product: Product) => ["--url", appliances[product].url, "--token", "any"];
const received = (product: Product) => appliances[product].received;
const vmIdsOf = (product: Product) => appliances[product].control.snapshots().map((vm) => vm.vmId ?? "");

describe.each([
  ["8.1", "v8.1"],
  ["8.0", "v8"],
  ["7.0", "v7"],
  ["1.0", "v1"],
] as const)("an appliance of product %s", (product, version) => {
  it(`is detected as ${version} once per run, before the command's own request, and --verbose says so`, async () => {
    const { code, stdout, stderr } = await runCli([
      "snapshots",
      "list",
      "--output",
      "json",
      ...on(product),
      "--verbose",
    ]);
    expect(code).toBe(0);
    const vmIds = parseOutput.json(stdout).map((vm: { vmId: string }) => vm.vmId);
    expect(vmIds).toEqual(vmIdsOf(product));
    expect(vmIds[0]).toBe(seedVmId);
    const list =
      version === "v1"
        ? "GET /api/v1/virtualMachineSnapshots?offset=0&limit=30"
        : `GET /api/${version}/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100`;
    expect(received(product)).toEqual([...detection(version), list]);
    expect(stderr.split("\n").filter((line) => line.startsWith("* "))).toEqual([
      `* API version ${version} (detected)`,
    ]);
  });

  it("about prints the API version in use and the product's own version, as a table, as JSON and as CSV", async () => {
    const { code, stdout, stderr } = await runCli(["about", ...on(product)]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(fields(stdout)).toEqual({
      URL: appliances[product].url,
      "API VERSION": `${version} (detected)`,
      "PRODUCT VERSION": productVersions[product] ?? "unknown (API v1 has no system/about)",
    });
    // Detection read system/about already: about sends nothing more.
    expect(received(product)).toEqual(detection(version));

    const asJson = await runCli(["about", "--output", "json", ...on(product)]);
    expect(asJson.code).toBe(0);
    expect(parseOutput.json(asJson.stdout)).toEqual({
      url: appliances[product].url,
      apiVersion: version,
      apiVersionSource: "detected",
      productVersion: productVersions[product],
    });

    // CSV: a header, one row; an unknown product version (v1) is empty.
    const asCsv = await runCli(["about", "--output", "csv", ...on(product)]);
    expect(asCsv).toEqual({
      code: 0,
      stdout: `URL,API VERSION,API VERSION SOURCE,PRODUCT VERSION\n${appliances[product].url},${version},detected,${productVersions[product] ?? ""}\n`,
      stderr: "",
    });
  });

  it("verify checks it against the spec of the version detected, a session it started included", async () => {
    const sessionId = await appliances[product].startDeletion(vmIdsOf(product)[1] ?? "");
    const family = version === "v1" ? "v1" : "v8.1";
    const spec = inject("bundledSpecs")[family].json;
    const { code, stdout, stderr } = await runCli([
      "verify",
      "--session-id",
      sessionId,
      "--spec",
      spec,
      ...on(product),
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      (version === "v1"
        ? [
            "ok        GET /api/v1/virtualMachineSnapshots?offset=0&limit=30 -> 200",
            `ok        GET /api/v1/jobSessions/${sessionId} -> 200`,
            "The appliance matches the v1 spec (2 responses checked).",
          ]
        : [
            `ok        GET /api/${version}/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100 -> 200`,
            `ok        GET /api/${version}/system/about -> 200`,
            `ok        GET /api/${version}/jobSessions/${sessionId} -> 200`,
            "The appliance matches the v8.1 spec (3 responses checked).",
          ]
      )
        .map((line) => `${line}\n`)
        .join(""),
    );
    expect(appliances[product].control.errors()).toEqual([]);
  });

  it("verify refuses a --spec of another version, with exit code 2", async () => {
    const other = version === "v1" ? "v8.1" : "v1";
    const spec = inject("bundledSpecs")[other].json;
    const { code, stdout, stderr } = await runCli(["verify", "--spec", spec, ...on(product)]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      `vbazure: --spec ${spec}: it describes API ${other}, and the API version in use is ${version}: pass the bundled ${version === "v1" ? "v1" : "v8.1"} spec (JSON), or leave --spec out\n`,
    );
    expect(received(product)).toEqual(detection(version));
  });
});

describe("an appliance of product 1.0 (v1)", () => {
  it.each([
    [["snapshots", "list", "--vm-id", seedVmId], "--vm-id needs"],
    [
      ["snapshots", "list", "--vm-id", seedVmId, "--restore-point-id", restorePointId],
      "--vm-id and --restore-point-id need",
    ],
    [["snapshots", "delete", seedVmId, "--yes", "--manual-only"], "--manual-only needs"],
  ])(
    "refuses %j with exit code 2 once v1 is detected, sending nothing but the probes",
    async (args, needs) => {
      const { code, stdout, stderr } = await runCli([...args, ...on("1.0")]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toMatch(
        new RegExp(
          `^vbazure: ${needs} API v6 or later, and this appliance speaks only v1 \\(detected; product 1\\.0\\): leave (it|them) out\\n$`,
        ),
      );
      expect(received("1.0")).toEqual(detection("v1"));
    },
  );

  it("refuses them before any request when v1 is given", async () => {
    const { code, stderr } = await runCli([
      "snapshots",
      "list",
      "--vm-id",
      seedVmId,
      "--api-version",
      "v1",
      ...on("1.0"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "vbazure: --vm-id needs API v6 or later, and the API version is v1 (given with --api-version): leave it out, or give v6 or later (or auto) if the appliance serves it\n",
    );
    expect(received("1.0")).toEqual([]);
  });

  it("deletes VMs' snapshots with a request per VM, each starting its session", async () => {
    const [, first = "", second = ""] = vmIdsOf("1.0");
    const { code, stdout } = await runCli(["snapshots", "delete", first, second, "--yes", ...on("1.0")]);
    expect(code).toBe(0);
    expect(
      tableRows(stdout)
        .slice(1)
        .map((row) => row.slice(0, 3)),
    ).toEqual([
      [first, "1", "Running"],
      [second, "2", "Running"],
    ]);
    expect(received("1.0").filter((line) => line.startsWith("POST"))).toEqual([
      `POST /api/v1/virtualMachines/${first}/deleteSnapshots`,
      `POST /api/v1/virtualMachines/${second}/deleteSnapshots`,
    ]);
    expect(appliances["1.0"].control.sessions().map((session) => session.vmIds)).toEqual([[first], [second]]);
  });
});

describe("an appliance of product 8.1 (v8.1)", () => {
  it("lists a VM once per restore point, with v8.1's disk names", async () => {
    const { code, stdout } = await runCli(["snapshots", "list", ...on("8.1")]);
    expect(code).toBe(0);
    const [head, seed, ...others] = tableRows(stdout);
    expect([head, seed]).toEqual([
      ["NAME", "REGION", "RESOURCE GROUP", "SIZE", "OS DISK", "DATA DISKS", "RESTORE POINT", "VM ID"],
      [
        "test-linux",
        "North Europe",
        "test-resource-group",
        "Standard_B1ls",
        "test-linux_disk1_8dfe9807186543d68d50175d7ad98f0a",
        "0",
        restorePointId,
        seedVmId,
      ],
    ]);
    expect(others.map((row) => row.at(-1))).toEqual(vmIdsOf("8.1").slice(1));
  });

  it("passes --vm-id and --restore-point-id on as the list's filters, which find that VM alone", async () => {
    const { code, stdout } = await runCli([
      "snapshots",
      "list",
      "--vm-id",
      seedVmId,
      "--restore-point-id",
      restorePointId,
      "--output",
      "json",
      ...on("8.1"),
    ]);
    expect(code).toBe(0);
    expect(parseOutput.json(stdout).map((vm: { vmId: string }) => vm.vmId)).toEqual([seedVmId]);
    expect(received("8.1").at(-1)).toBe(
      `GET /api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100&VirtualMachineId=${seedVmId}&RestorePointId=${restorePointId}`,
    );
  });

  it("logs in once for detection and the command, with --username", async () => {
    const { code } = await runCli(["about", "--url", appliances["8.1"].url, "--username", "backupadmin"], {
      env: { VBAZURE_PASSWORD: "pw" },
    });
    expect(code).toBe(0);
    expect(received("8.1").filter((line) => line.includes("/api/oauth2/token"))).toEqual([
      "POST /api/oauth2/token Password",
    ]);
  });

  it("answers 404 to a version it does not serve, given explicitly", async () => {
    const { code, stderr } = await runCli(["sessions", "get", "1", "--api-version", "v1", ...on("8.1")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^vbazure: GET \/api\/v1\/jobSessions\/1: 404 Not Found - This appliance does not serve API v1; it serves v8\.1, v8, v7, v6\./,
    );
  });
});

describe.each(["v6", "v7", "v8"] as const)("--api-version %s against product 8.1", (version) => {
  it("speaks it without detection: the list, a delete, its session and about under its prefix", async () => {
    const args = ["--api-version", version, ...on("8.1")];
    const list = await runCli(["snapshots", "list", "--output", "json", ...args]);
    // The seed example's VM has manual snapshots.
    const removal = await runCli(["snapshots", "delete", seedVmId, "--yes", "--manual-only", ...args]);
    const session = await runCli(["sessions", "get", "1", "--output", "json", ...args]);
    const about = await runCli(["about", "--output", "json", ...args]);
    expect([list.code, removal.code, session.code, about.code]).toEqual([0, 0, 0, 0]);
    expect(parseOutput.json(list.stdout)[0]).toMatchObject({
      vmId: seedVmId,
      osDisk: { diskName: expect.any(String) },
    });
    expect(parseOutput.json(session.stdout)).toMatchObject({
      id: "1",
      type: "ManualSnapshotDeletion",
      _links: { self: { href: `${appliances["8.1"].url}/api/${version}/jobSessions/1` } },
    });
    expect(parseOutput.json(about.stdout)).toEqual({
      url: appliances["8.1"].url,
      apiVersion: version,
      apiVersionSource: "--api-version",
      productVersion: "8.1.0.32",
    });
    expect(received("8.1")).toEqual([
      `GET /api/${version}/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100`,
      `POST /api/${version}/protectedItem/virtualMachines/deleteManualSnapshots`,
      `GET /api/${version}/jobSessions/1`,
      `GET /api/${version}/system/about`,
    ]);
  });

  it("takes it from VBAZURE_API_VERSION, and --verbose says how it was given", async () => {
    const { code, stderr } = await runCli(["about", ...on("8.1"), "--verbose"], {
      env: { VBAZURE_API_VERSION: version },
    });
    expect(code).toBe(0);
    expect(stderr.split("\n").filter((line) => line.startsWith("* "))).toEqual([
      `* API version ${version} (given with VBAZURE_API_VERSION)`,
    ]);
    expect(received("8.1")).toEqual([`GET /api/${version}/system/about`]);
  });
});

describe("--api-version", () => {
  it("lets the flag win over VBAZURE_API_VERSION", async () => {
    const { code, stdout } = await runCli(["about", "--api-version", "v7", ...on("8.1")], {
      env: { VBAZURE_API_VERSION: "v6" },
    });
    expect(code).toBe(0);
    expect(fields(stdout)["API VERSION"]).toBe("v7 (given with --api-version)");
  });

  it("auto in VBAZURE_API_VERSION detects", async () => {
    const { code, stdout } = await runCli(["about", ...on("8.0")], { env: { VBAZURE_API_VERSION: "auto" } });
    expect(code).toBe(0);
    expect(fields(stdout)["API VERSION"]).toBe("v8 (detected)");
  });

  it.each([
    [
      ["--api-version", "v9"],
      {},
      /^vbazure: option '--api-version <version>' argument 'v9' is invalid\. Allowed choices are v1, v6, v7, v8, v8\.1, auto\.\n/,
    ],
    [
      [],
      { VBAZURE_API_VERSION: "8.1" },
      /^vbazure: option '--api-version <version>' value '8\.1' from env 'VBAZURE_API_VERSION' is invalid\. Allowed choices are v1, v6, v7, v8, v8\.1, auto\.\n/,
    ],
  ])(
    "refuses %j %j with exit code 2, listing the choices, before any request",
    async (args, env, message) => {
      const { code, stdout, stderr } = await runCli(["about", ...args, ...on("8.1")], { env });
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toMatch(message);
      expect(received("8.1")).toEqual([]);
    },
  );

  it("fails with exit code 1 when the server answers 404 to every version the client speaks", async () => {
    const server = await startFaultServer();
    try {
      server.handle((_req, res) => json(res, 404, { title: "Not Found", status: 404 }));
      const { code, stdout, stderr } = await runCli([
        "snapshots",
        "list",
        "--url",
        server.url,
        "--token",
        "t",
      ]);
      expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
      expect(stderr).toBe(
        `vbazure: ${server.url} serves none of the API versions this client speaks: tried v8.1, v8, v7, v6, v1 (each answered 404). Is it a Veeam Backup for Microsoft Azure appliance, and the URL its origin?\n`,
      );
    } finally {
      await server.close();
    }
  });
});
