// `vbazure snapshots prune --dry-run --all-profiles`: the plan of a prune on every appliance of the config file
// (./fleet.ts), one list of `planned` rows with the profile of each; it sends only reads. A prune that deletes
// stays one appliance at a time (a fleet-wide delete behind one confirmation is not offered).
import { requireId } from "../core/validation.js";
import { requireV6OrLater } from "./apiVersionChoice.js";
import { exitCodes } from "./exitCodes.js";
import { type FleetMember, forEachMember } from "./fleet.js";
import { type Io, writeLine } from "./io.js";
import { type OutputFormat, printRecords } from "./output.js";
import { describeFilter, matchingVms, type PruneRow, pruneHead, pruneRow } from "./prune.js";
import { hasFilter, type PruneFilter } from "./pruneFilter.js";
import { asUsage, UsageError } from "./usageError.js";

/** A planned row of one appliance: the profile's name, then the row. */
export type FleetPruneRow = { profile: string } & PruneRow;

/**
 * Plans a prune on each appliance, at most `concurrency` at a time, and prints the planned rows in the config
 * file's order with a PROFILE column first (each appliance's count on stderr). Resolves with the exit code: 1 when
 * any appliance failed (each reported on stderr), 0 otherwise.
 *
 * @example
 * ```ts
 * const code = await planFleetPrune(members, 4, { filter: { name: "test-*" }, all: false, manualOnly: false, output: "table" }, io, signal);
 * ```
 */
export async function planFleetPrune(
  members: readonly FleetMember[],
  concurrency: number,
  options: { filter: PruneFilter; all: boolean; manualOnly: boolean; output: OutputFormat },
  io: Io,
  signal: AbortSignal,
  { verbose = false } = {},
): Promise<number> {
  const { filter } = options;
  for (const vmId of filter.vmIds ?? []) asUsage("--vm-id", () => requireId(vmId, "vmId"));
  if (!hasFilter(filter) && !options.all) {
    throw new UsageError(
      "refusing to prune every VM without a filter: give --resource-group, --region, --subscription, --name or --vm-id, or --all to mean every VM",
    );
  }
  const byProfile = new Map<string, PruneRow[]>();
  const failed = await forEachMember(
    members,
    concurrency,
    async (member) => {
      const connected = await member.connect();
      requireV6OrLater(connected, options.manualOnly ? ["--manual-only"] : []);
      const vms = await matchingVms(connected.client, filter, io, signal);
      byProfile.set(
        member.profile,
        vms.map((vm) => ({ vmId: vm.vmId as string, name: vm.name ?? null, result: "planned" })),
      );
      const count = vms.length === 1 ? "1 VM matches" : `${vms.length} VMs match`;
      writeLine(io.stderr, `${member.profile}: ${count}${describeFilter(filter, options.manualOnly)}.`);
    },
    io,
    signal,
    { verbose },
  );
  const records: FleetPruneRow[] = members.flatMap(({ profile }) =>
    (byProfile.get(profile) ?? []).map((row) => ({ profile, ...row })),
  );
  printRecords(io, options.output, records, ["PROFILE", ...pruneHead], (r) => [r.profile, ...pruneRow(r)]);
  return failed.length > 0 ? exitCodes.api : exitCodes.ok;
}
