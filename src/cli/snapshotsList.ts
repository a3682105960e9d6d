// `vbazure snapshots list`: one page of virtual machine snapshots, or every page with --all, as a table for
// people or as JSON / NDJSON for scripts.
import type { VeeamAzureClientV1 as VeeamAzureClient } from "../v1/client.js";
import type { VirtualMachineSnapshot } from "../v1/models.js";
import { type Io, writeLine } from "./io.js";
import { type OutputFormat, printRecords, progressLine } from "./output.js";
import { show } from "./table.js";

/** Options of `snapshots list`. */
export interface ListSnapshotsOptions {
  pageSize: number;
  all: boolean;
  output: OutputFormat;
}

const head = ["NAME", "REGION", "RESOURCE GROUP", "SIZE", "OS DISK", "DATA DISKS", "VM ID"];

const row = (vm: VirtualMachineSnapshot) => [
  show(vm.name),
  show(vm.region?.name ?? vm.region?.id),
  show(vm.resourceGroup?.name),
  show(vm.size),
  show(vm.osDisk?.name ?? vm.osDisk?.diskId),
  show(Array.isArray(vm.dataDisks) ? vm.dataDisks.length : undefined),
  show(vm.vmId),
];

/**
 * Lists virtual machine snapshots.
 *
 * @example
 * ```ts
 * await listSnapshots(client, { pageSize: 100, all: true, output: "ndjson" }, io, signal);
 * ```
 */
export async function listSnapshots(
  client: VeeamAzureClient,
  { pageSize, all, output }: ListSnapshotsOptions,
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  const vms: VirtualMachineSnapshot[] = [];
  if (!all) {
    const page = await client.getVirtualMachineSnapshotsPage({ limit: pageSize, signal });
    vms.push(...page.results);
    if (page.results.length >= pageSize && io.stderr.isTTY) {
      writeLine(io.stderr, `(the first ${page.results.length}; --all lists every snapshot)`);
    }
  } else {
    const bar = progressLine(io);
    try {
      let count = 0;
      let pages = 0;
      for await (const page of client.listVirtualMachineSnapshots({ signal }).byPage({ pageSize })) {
        count += page.results.length;
        pages++;
        // NDJSON streams: each page is printed as it arrives.
        if (output === "ndjson") printRecords(io, output, page.results, head, row);
        else vms.push(...page.results);
        bar.show(`Fetched ${count} snapshots (${pages} pages)...`);
      }
    } finally {
      bar.clear();
    }
    if (output === "ndjson") return;
  }
  if (output === "table" && vms.length === 0) writeLine(io.stderr, "No snapshots.");
  else printRecords(io, output, vms, head, row);
}
