// `vbazure snapshots list --all-profiles`: the snapshots of every appliance of the config file (./fleet.ts), one
// list with the profile of each row, printed once every appliance has answered or failed.

import { requireId, requireUuid } from "../core/validation.js";
import { requireV6OrLater } from "./apiVersionChoice.js";
import { exitCodes } from "./exitCodes.js";
import { type FleetMember, forEachMember } from "./fleet.js";
import { type Io, writeLine } from "./io.js";
import { printRecords } from "./output.js";
import {
  type AnySnapshot,
  filterOptions,
  type ListSnapshotsOptions,
  snapshotColumns,
} from "./snapshotsList.js";
import { asUsage } from "./usageError.js";

/** A snapshot of one appliance of a fleet, as `--all-profiles` prints it: the profile's name, then the item. */
export type FleetSnapshot = { profile: string } & AnySnapshot;

/**
 * `snapshots list --all-profiles`: each appliance's list (its first page, or every page with `all`), at most
 * `concurrency` appliances at a time, printed in the config file's order with a PROFILE column first (the v6+
 * columns: an appliance on v1 shows `-` for the restore point). The filters are refused on an appliance that
 * speaks v1, as one failure. Resolves with the exit code: 1 when any appliance failed (each reported on stderr),
 * 0 otherwise.
 *
 * @example
 * ```ts
 * const code = await listFleetSnapshots(members, 4, { pageSize: undefined, all: true, output: "table", vmId: undefined, restorePointId: undefined }, io, signal);
 * ```
 */
export async function listFleetSnapshots(
  members: readonly FleetMember[],
  concurrency: number,
  options: ListSnapshotsOptions,
  io: Io,
  signal: AbortSignal,
  { verbose = false } = {},
): Promise<number> {
  const { vmId, restorePointId, pageSize, all } = options;
  if (vmId !== undefined) asUsage("--vm-id", () => requireId(vmId, "vmId"));
  if (restorePointId !== undefined)
    asUsage("--restore-point-id", () => requireUuid(restorePointId, "restorePointId"));
  const byProfile = new Map<string, AnySnapshot[]>();
  const failed = await forEachMember(
    members,
    concurrency,
    async (member) => {
      const connected = await member.connect();
      requireV6OrLater(connected, filterOptions(options));
      const { client } = connected;
      const filters = client.apiVersion === "v1" ? {} : { vmId, restorePointId };
      const vms: AnySnapshot[] = [];
      if (all) {
        const pages = client.listVirtualMachineSnapshots({ signal, ...filters }).byPage({ pageSize });
        for await (const page of pages as AsyncIterable<{ results: AnySnapshot[] }>)
          vms.push(...page.results);
      } else {
        const page = await client.getVirtualMachineSnapshotsPage({ limit: pageSize, signal, ...filters });
        vms.push(...page.results);
      }
      byProfile.set(member.profile, vms);
    },
    io,
    signal,
    { verbose },
  );
  const records: FleetSnapshot[] = members.flatMap(({ profile }) =>
    (byProfile.get(profile) ?? []).map((vm) => ({ profile, ...vm })),
  );
  const { head, row } = snapshotColumns("v8.1");
  if (options.output === "table" && records.length === 0) writeLine(io.stderr, "No snapshots.");
  else printRecords(io, options.output, records, ["PROFILE", ...head], (r) => [r.profile, ...row(r)]);
  return failed.length > 0 ? exitCodes.api : exitCodes.ok;
}
