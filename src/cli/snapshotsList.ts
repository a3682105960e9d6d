// `vbazure snapshots list`: one page of virtual machine snapshots, or every page with --all, as a table for
// people or as JSON / NDJSON / CSV for scripts; on v6 and later, of one VM (--vm-id) or one restore point
// (--restore-point-id) if asked. The table's columns follow the version's model: v6 and later list a VM once per
// restore point (the list is under restorePoints/), so they show the restore point too, and call a disk's name
// `diskName` (v1: `name`); see ../shared/reference/versions.md, "Models: what changed from v1".
import { bindingFor } from "../bindingFor.js";
import type { ApiVersion } from "../core/apiVersion.js";
import { requireId, requireUuid } from "../core/validation.js";
import type * as v1 from "../v1/models.js";
import type * as v8_1 from "../v8_1/models.js";
import type { Connected } from "./connect.js";
import { type Io, writeLine } from "./io.js";
import { type OutputFormat, printRecords, progressLine } from "./output.js";
import { show } from "./table.js";
import { asUsage } from "./usageError.js";

/** A snapshot list item of any version. */
export type AnySnapshot = v1.VirtualMachineSnapshot | v8_1.VirtualMachineSnapshot;

/** Options of `snapshots list`. */
export interface ListSnapshotsOptions {
  /**
   * Items per request.
   * @default undefined (the version's page size: 100, 30 on v1)
   */
  pageSize: number | undefined;
  all: boolean;
  output: OutputFormat;
  /**
   * Only this VM's snapshots (v6 and later).
   * @default undefined
   */
  vmId: string | undefined;
  /**
   * Only this restore point's snapshots (v6 and later; a UUID).
   * @default undefined
   */
  restorePointId: string | undefined;
}

/**
 * The options of `snapshots list` that need API v6 or later, as given: what to refuse on v1.
 *
 * @example
 * ```ts
 * filterOptions({ vmId: "vm-1", restorePointId: undefined }); // ["--vm-id"]
 * ```
 */
export function filterOptions(options: Pick<ListSnapshotsOptions, "vmId" | "restorePointId">): string[] {
  return [
    ...(options.vmId === undefined ? [] : ["--vm-id"]),
    ...(options.restorePointId === undefined ? [] : ["--restore-point-id"]),
  ];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the restore point a v6+ item belongs to, read off its `restorepoint` link (the item itself has no
 * such field); undefined when the link is missing or does not end in a UUID.
 *
 * @example
 * ```ts
 * restorePointOf({ size: "B1ls", _links: { restorepoint: { href: "https://h/api/v8.1/restorePoints/virtualMachines/a3687ba6-6f6b-44bd-8475-0979b1bce276" } } });
 * // "a3687ba6-6f6b-44bd-8475-0979b1bce276"
 * ```
 */
export function restorePointOf(vm: AnySnapshot): string | undefined {
  const href = vm._links?.restorepoint?.href;
  if (!href) return undefined;
  let last: string | undefined;
  try {
    last = new URL(href).pathname.split("/").filter(Boolean).pop();
  } catch {
    return undefined;
  }
  return last !== undefined && uuid.test(last) ? last : undefined;
}

// A disk's label: v8.1's diskName, v1's name, else its id.
const diskLabel = (disk: { diskId?: string | null; diskName?: string | null; name?: string | null } | null) =>
  disk?.diskName ?? disk?.name ?? disk?.diskId;

/** The table's header and rows for a version. */
export interface SnapshotColumns {
  head: string[];
  row(vm: AnySnapshot): string[];
}

/**
 * The table columns of `apiVersion`: name, region, resource group, size, OS disk, data disk count and the vmId to
 * delete by; from v6 on the restore point as well.
 *
 * @example
 * ```ts
 * snapshotColumns("v1").head; // ["NAME", "REGION", "RESOURCE GROUP", "SIZE", "OS DISK", "DATA DISKS", "VM ID"]
 * ```
 */
export function snapshotColumns(apiVersion: ApiVersion): SnapshotColumns {
  const perRestorePoint = apiVersion !== "v1";
  return {
    head: [
      "NAME",
      "REGION",
      "RESOURCE GROUP",
      "SIZE",
      "OS DISK",
      "DATA DISKS",
      ...(perRestorePoint ? ["RESTORE POINT"] : []),
      "VM ID",
    ],
    row: (vm) => [
      show(vm.name),
      show(vm.region?.name ?? vm.region?.id),
      show(vm.resourceGroup?.name),
      show(vm.size),
      show(diskLabel(vm.osDisk ?? null)),
      show(Array.isArray(vm.dataDisks) ? vm.dataDisks.length : undefined),
      ...(perRestorePoint ? [show(restorePointOf(vm))] : []),
      show(vm.vmId),
    ],
  };
}

/**
 * Lists virtual machine snapshots. The filters are checked before `connect` is called (and so before any
 * request); `connect` refuses them on v1.
 *
 * @example
 * ```ts
 * await listSnapshots(connect, { pageSize: 100, all: true, output: "ndjson", vmId, restorePointId: undefined }, io, signal);
 * ```
 */
export async function listSnapshots(
  connect: () => Promise<Connected>,
  { pageSize, all, output, vmId, restorePointId }: ListSnapshotsOptions,
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  if (vmId !== undefined) asUsage("--vm-id", () => requireId(vmId, "vmId"));
  if (restorePointId !== undefined)
    asUsage("--restore-point-id", () => requireUuid(restorePointId, "restorePointId"));
  const { client, apiVersion } = await connect();
  const { head, row } = snapshotColumns(apiVersion);
  // v1's client takes no filters at all (a TypeError even when undefined is given); connect refused them there.
  const filters = client.apiVersion === "v1" ? {} : { vmId, restorePointId };
  const vms: AnySnapshot[] = [];
  if (!all) {
    const page = await client.getVirtualMachineSnapshotsPage({ limit: pageSize, signal, ...filters });
    vms.push(...page.results);
    const asked = pageSize ?? bindingFor(apiVersion).defaultPageSize;
    if (page.results.length >= asked && io.stderr.isTTY) {
      writeLine(io.stderr, `(the first ${page.results.length}; --all lists every snapshot)`);
    }
  } else {
    const bar = progressLine(io);
    // NDJSON and CSV stream: each page is printed as it arrives, CSV's header once, with the first.
    const streams = output === "ndjson" || output === "csv";
    let pages = 0;
    try {
      let count = 0;
      const pagesOf = client.listVirtualMachineSnapshots({ signal, ...filters }).byPage({ pageSize });
      for await (const page of pagesOf as AsyncIterable<{ results: AnySnapshot[] }>) {
        if (streams) printRecords(io, output, page.results, head, row, { header: pages === 0 });
        else vms.push(...page.results);
        count += page.results.length;
        pages++;
        bar.show(`Fetched ${count} snapshots (${pages} pages)...`);
      }
    } finally {
      bar.clear();
    }
    // A list with no page at all still gets its CSV header.
    if (output === "csv" && pages === 0) printRecords(io, output, [], head, row);
    if (streams) return;
  }
  if (output === "table" && vms.length === 0) writeLine(io.stderr, "No snapshots.");
  else printRecords(io, output, vms, head, row);
}
