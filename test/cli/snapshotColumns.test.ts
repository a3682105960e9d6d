// What `snapshots list` and `snapshots delete` print, as values: the columns of each version's model, the restore
// point read off its link, the filters that need v6, and a deletion's row.
import { describe, expect, it } from "vitest";
import { deleteRow } from "../../src/cli/snapshotsDelete.js";
import { filterOptions, restorePointOf, snapshotColumns } from "../../src/cli/snapshotsList.js";
import type { v1 } from "../../src/index.js";
import type { VirtualMachineSnapshot } from "../../src/v8_1/models.js";

const restorePoint = "a3687ba6-6f6b-44bd-8475-0979b1bce276";
const v81: VirtualMachineSnapshot = {
  vmId: "vm-1",
  name: "web",
  region: { id: "northeurope", name: "North Europe" },
  resourceGroup: { name: "rg" },
  size: "Standard_B1ls",
  osDisk: { diskId: "d-os", diskName: "web_os" },
  dataDisks: [{ diskId: "d-1", diskName: "web_data" }],
  _links: { restorepoint: { href: `https://h/api/v8.1/restorePoints/virtualMachines/${restorePoint}` } },
};
const old: v1.VirtualMachineSnapshot = {
  vmId: "vm-1",
  name: "web",
  region: { id: "northeurope" },
  size: "Standard_B1ls",
  osDisk: { diskId: "d-os", name: "web_os_v1" },
  dataDisks: [],
};

describe("snapshotColumns", () => {
  it("from v6 on, show the restore point, and the disk's diskName", () => {
    for (const version of ["v6", "v8.1"] as const) {
      const { head, row } = snapshotColumns(version);
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
      expect(row(v81)).toEqual([
        "web",
        "North Europe",
        "rg",
        "Standard_B1ls",
        "web_os",
        "1",
        restorePoint,
        "vm-1",
      ]);
    }
  });

  it("on v1, show no restore point, and the disk's v1 name; a missing value is -", () => {
    const { head, row } = snapshotColumns("v1");
    expect(head).toEqual(["NAME", "REGION", "RESOURCE GROUP", "SIZE", "OS DISK", "DATA DISKS", "VM ID"]);
    expect(row(old)).toEqual(["web", "northeurope", "-", "Standard_B1ls", "web_os_v1", "0", "vm-1"]);
  });

  it("fall back to the disk's id when it has no name", () => {
    expect(snapshotColumns("v8.1").row({ ...v81, osDisk: { diskId: "d-os", diskName: null } })[4]).toBe(
      "d-os",
    );
  });
});

describe("restorePointOf", () => {
  it("reads the UUID at the end of the restorepoint link", () => {
    expect(restorePointOf(v81)).toBe(restorePoint);
  });

  it.each([
    ["no links", {}],
    ["no restorepoint link", { self: { href: "https://h/x" } }],
    ["a link that is not a URL", { restorepoint: { href: "not a url" } }],
    [
      "a link that ends in no UUID",
      { restorepoint: { href: "https://h/api/v8.1/restorePoints/virtualMachines" } },
    ],
  ])("is undefined with %s", (_what, links) => {
    expect(restorePointOf({ ...v81, _links: links })).toBeUndefined();
  });
});

describe("filterOptions", () => {
  it("names the filters given", () => {
    expect(filterOptions({ vmId: undefined, restorePointId: undefined })).toEqual([]);
    expect(filterOptions({ vmId: "vm-1", restorePointId: undefined })).toEqual(["--vm-id"]);
    expect(filterOptions({ vmId: "vm-1", restorePointId: restorePoint })).toEqual([
      "--vm-id",
      "--restore-point-id",
    ]);
  });
});

describe("deleteRow", () => {
  it.each([
    [
      "a session, with the appliance's duration",
      { session: { id: "8", status: "Success", executionDuration: "00:00:01.5" }, error: null },
      ["vm-1", "8", "Success", "00:00:01.5"],
    ],
    [
      "a session without a duration: ours",
      { session: { id: "8", status: "Running" }, error: null },
      ["vm-1", "8", "Running", "1.2 s"],
    ],
    ["a 204: nothing to delete", { session: null, error: null }, ["vm-1", "-", "nothing to delete", "-"]],
    ["an error", { session: null, error: "404 Not Found" }, ["vm-1", "-", "not started", "-"]],
  ])("shows %s", (_what, outcome, shown) => {
    expect(deleteRow({ vmId: "vm-1", elapsedMs: 1_234, ...outcome })).toEqual(shown);
  });
});
