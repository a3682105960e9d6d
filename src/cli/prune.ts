// `vbazure snapshots prune`: deletes the snapshots of every VM that matches the filters (./pruneFilter.ts). First
// the plan (how many VMs match, and which), then, once confirmed, the deletes: from v6 on in batch requests of
// --batch-size VMs, on v1 (which has no batch) one request per VM; at most --concurrency requests in flight on
// every version. Then it waits for the job sessions, unless --no-wait. Each VM ends with one result; a VM that is
// gone (404) is reported as such, not as a failure, so that running the same prune again finishes the rest.

import type { ApiVersion } from "../core/apiVersion.js";
import { ApiError, JobSessionError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { WaitForJobSessionOptions } from "../core/waitForJobSession.js";
import type { VeeamAzureClient } from "../createClient.js";
import type { Connected } from "./connect.js";
import { renderCsv } from "./csv.js";
import { exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import { type OutputFormat, printRecords, progressLine } from "./output.js";
import { askConfirmation, canAsk } from "./prompts.js";
import { hasFilter, type PruneFilter, pruneMatcher } from "./pruneFilter.js";
import type { AnySession, WaitOptions } from "./sessions.js";
import type { AnySnapshot } from "./snapshotsList.js";
import { renderTable, show } from "./table.js";
import { asUsage, UsageError } from "./usageError.js";

/** Options of `snapshots prune`. */
export interface PruneOptions {
  filter: PruneFilter;
  /**
   * Prune every VM when no filter is given (without it, that refuses).
   * @default false
   */
  all: boolean;
  /**
   * Only the snapshots created manually (v6 and later; `connect` refuses it on v1).
   * @default false
   */
  manualOnly: boolean;
  /** Print the plan and stop: nothing is sent but reads. */
  dryRun: boolean;
  /** Delete without asking. */
  yes: boolean;
  /**
   * VMs per batch request (v6 and later).
   * @default 100
   */
  batchSize: number;
  /**
   * Requests in flight at most, on every version.
   * @default 4
   */
  concurrency: number;
  /** Follow the sessions to their ends (with these limits), or report them as started. */
  wait: WaitOptions | undefined;
  output: PruneFormat;
}

/** How prune prints its rows: as `list` does, or as CSV (a header of the JSON field names, then a line a VM). */
export type PruneFormat = OutputFormat;

/** What became of one VM. */
export type PruneResult = "planned" | "started" | "deleted" | "nothing-to-delete" | "already-gone" | "failed";

/** One VM's row as printed: JSON documents have this shape. */
export interface PruneRow {
  vmId: string;
  name: string | null;
  result: PruneResult;
  /** Why it failed (or what was gone). */
  reason?: string;
  /** The job session that removes (or removed) its snapshots. */
  sessionId?: string;
}

/** The table's header. */
export const pruneHead = ["VM ID", "NAME", "RESULT", "SESSION", "REASON"];
const head = pruneHead;
const fields = ["vmId", "name", "result", "sessionId", "reason"] as const;

/**
 * A row of the table.
 *
 * @example
 * ```ts
 * pruneRow({ vmId: "vm-1", name: "web", result: "deleted", sessionId: "3" }); // ["vm-1", "web", "deleted", "3", "-"]
 * ```
 */
export function pruneRow(row: PruneRow): string[] {
  return [row.vmId, show(row.name), row.result, show(row.sessionId), show(row.reason)];
}

type Client = VeeamAzureClient<ApiVersion>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `work` on each item with at most `limit` at a time, in order of start. */
async function pooled<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A bar such as `[#####-----] 5/10 VMs deleted`, shown on stderr only when it is a terminal. */
function progressBar(io: Io, total: number, what: string) {
  const line = progressLine(io);
  let done = 0;
  const draw = () => {
    const filled = total === 0 ? 20 : Math.round((done / total) * 20);
    line.show(`[${"#".repeat(filled)}${"-".repeat(20 - filled)}] ${done}/${total} ${what}`);
  };
  return {
    start: draw,
    step(count = 1) {
      done += count;
      draw();
    },
    clear: () => line.clear(),
  };
}

/**
 * The VMs that match `filter`, each once (from v6 on a VM is listed once per restore point): the plan's.
 *
 * @example
 * ```ts
 * const vms = await matchingVms(client, { name: "test-*" }, io, signal);
 * ```
 */
export async function matchingVms(
  client: Client,
  filter: PruneFilter,
  io: Io,
  signal: AbortSignal,
): Promise<AnySnapshot[]> {
  const line = progressLine(io);
  const listings: AsyncIterable<AnySnapshot>[] = [];
  // From v6 on the listing filters by VM id (one listing per id); v1's takes no filter: the CLI applies them all.
  if (client.apiVersion !== "v1" && filter.vmIds?.length) {
    for (const vmId of new Set(filter.vmIds))
      listings.push(client.listVirtualMachineSnapshots({ signal, vmId }) as AsyncIterable<AnySnapshot>);
  } else {
    listings.push(client.listVirtualMachineSnapshots({ signal }) as AsyncIterable<AnySnapshot>);
  }
  const matches = pruneMatcher(filter);
  // From v6 on a VM is listed once per restore point: it is pruned once.
  const byId = new Map<string, AnySnapshot>();
  let read = 0;
  try {
    for (const listing of listings) {
      for await (const vm of listing) {
        read++;
        if (read % 100 === 0) line.show(`Read ${read} snapshots...`);
        if (typeof vm.vmId === "string" && !byId.has(vm.vmId) && matches(vm)) byId.set(vm.vmId, vm);
      }
    }
  } finally {
    line.clear();
  }
  return [...byId.values()];
}

/**
 * The filter as the plan's line on stderr ends: ` (resource group test-rg; name test-*)`, or ` (every VM)`.
 *
 * @example
 * ```ts
 * describeFilter({ name: "test-*" }, false); // " (name test-*)"
 * ```
 */
export const describeFilter = (filter: PruneFilter, manualOnly: boolean) => {
  const parts = [
    ...(filter.resourceGroup === undefined ? [] : [`resource group ${filter.resourceGroup}`]),
    ...(filter.region === undefined ? [] : [`region ${filter.region}`]),
    ...(filter.subscription === undefined ? [] : [`subscription ${filter.subscription}`]),
    ...(filter.name === undefined ? [] : [`name ${filter.name}`]),
    ...(filter.vmIds?.length ? [`vmId ${filter.vmIds.join(", ")}`] : []),
  ];
  return `${parts.length ? ` (${parts.join("; ")})` : " (every VM)"}${manualOnly ? ", manual snapshots only" : ""}`;
};

/**
 * Prunes the snapshots of the VMs matching `options.filter`. Checks the options before `connect` is called (and
 * so before any request). Returns the exit code: 0 when no VM failed, 1 otherwise.
 *
 * @example
 * ```ts
 * const code = await prune(connect, { filter: { name: "test-*" }, all: false, manualOnly: false, dryRun: true, yes: false, batchSize: 100, concurrency: 4, wait: undefined, output: "table" }, io, signal);
 * ```
 */
export async function prune(
  connect: () => Promise<Connected>,
  options: PruneOptions,
  io: Io,
  signal: AbortSignal,
): Promise<number> {
  const { filter } = options;
  for (const vmId of filter.vmIds ?? []) asUsage("--vm-id", () => requireId(vmId, "vmId"));
  if (!hasFilter(filter) && !options.all) {
    throw new UsageError(
      "refusing to prune every VM without a filter: give --resource-group, --region, --subscription, --name or --vm-id, or --all to mean every VM",
    );
  }
  if (!options.dryRun && !options.yes && !canAsk(io)) {
    throw new UsageError(
      "refusing to delete without confirmation: stdin is not a terminal; pass --yes to confirm (or --dry-run to see the plan)",
    );
  }
  const { client } = await connect();
  const vms = await matchingVms(client, filter, io, signal);
  const rows = new Map<string, PruneRow>(
    vms.map((vm) => [
      vm.vmId as string,
      { vmId: vm.vmId as string, name: vm.name ?? null, result: "planned" },
    ]),
  );
  const count = vms.length === 1 ? "1 VM matches" : `${vms.length} VMs match`;
  writeLine(io.stderr, `${count}${describeFilter(filter, options.manualOnly)}.`);
  const print = async () => {
    const records = [...rows.values()];
    if (options.output !== "csv") return printRecords(io, options.output, records, head, pruneRow);
    // The table's columns, with the JSON names as the header and nothing (not "-") where a value is missing.
    io.stdout.write(
      renderCsv({
        columns: [...fields],
        rows: records.map((row) => fields.map((field) => String(row[field] ?? ""))),
      }),
    );
  };
  if (vms.length === 0) {
    writeLine(io.stderr, "Nothing to delete.");
    // Scripts still get a document (an empty array); a table of no rows would be a lone header.
    if (options.output !== "table") await print();
    return exitCodes.ok;
  }
  if (options.dryRun) {
    await print();
    return exitCodes.ok;
  }
  // The plan for people, before the question; scripts get only the results on stdout.
  if (options.output === "table")
    io.stderr.write(
      renderTable(
        head.slice(0, 2),
        vms.map((vm) => [show(vm.vmId), show(vm.name)]),
      ),
    );
  const snapshots = options.manualOnly ? "manually created snapshots" : "snapshots";
  if (
    !options.yes &&
    !(await askConfirmation(
      `Delete the ${snapshots} of ${vms.length === 1 ? "1 VM" : `${vms.length} VMs`}?`,
      io,
      signal,
    ))
  ) {
    writeLine(io.stderr, "Nothing deleted.");
    return exitCodes.ok;
  }

  const sessions = new Map<string, { session: AnySession; vmIds: string[] }>();
  const set = (vmIds: readonly string[], update: Omit<PruneRow, "vmId" | "name">) => {
    for (const vmId of vmIds) {
      const row = rows.get(vmId);
      if (row) rows.set(vmId, { vmId, name: row.name, ...update });
    }
  };
  const started = (vmIds: string[], session: AnySession | null) => {
    if (session === null) return set(vmIds, { result: "nothing-to-delete" });
    const id = String(session.id);
    sessions.set(id, { session, vmIds });
    set(vmIds, { result: "started", sessionId: id });
  };
  const failed = (vmIds: string[], error: unknown) => {
    signal.throwIfAborted();
    if (error instanceof ApiError && error.status === 404)
      set(vmIds, { result: "already-gone", reason: message(error) });
    else set(vmIds, { result: "failed", reason: message(error) });
  };
  const ids = [...rows.keys()];
  const bar = progressBar(io, ids.length, "VMs sent");
  bar.start();
  try {
    if (client.apiVersion === "v1") {
      await pooled(ids, options.concurrency, async (vmId) => {
        await client.deleteVirtualMachineSnapshots(vmId, { signal }).then(
          (session) => started([vmId], session),
          (error: unknown) => failed([vmId], error),
        );
        bar.step();
      });
    } else {
      const remove = (group: string[]) =>
        client.deleteVirtualMachineSnapshots(group, { signal, manualOnly: options.manualOnly });
      await pooled(chunks(ids, options.batchSize), options.concurrency, async (group) => {
        try {
          started(group, await remove(group));
        } catch (error) {
          signal.throwIfAborted();
          // A 404 names a VM gone meanwhile, and nothing of the batch was deleted: each VM on its own, so the
          // others still go (one request at a time, within this request's slot of --concurrency).
          if (error instanceof ApiError && error.status === 404 && group.length > 1) {
            for (const vmId of group)
              await remove([vmId]).then(
                (session) => started([vmId], session),
                (e: unknown) => failed([vmId], e),
              );
          } else failed(group, error);
        }
        bar.step(group.length);
      });
    }
  } finally {
    bar.clear();
  }

  const wait = options.wait;
  if (wait && sessions.size > 0) {
    const waiting = progressBar(io, sessions.size, "job sessions ended");
    waiting.start();
    const follow = client.waitForJobSession as (
      session: AnySession,
      options: WaitForJobSessionOptions<AnySession>,
    ) => Promise<AnySession>;
    try {
      await Promise.all(
        [...sessions].map(async ([id, { session, vmIds }]) => {
          try {
            await follow.call(client, session, {
              intervalMs: wait.intervalMs,
              timeoutMs: wait.timeoutMs,
              signal,
            });
            set(vmIds, { result: "deleted", sessionId: id });
          } catch (error) {
            signal.throwIfAborted();
            const reason =
              error instanceof JobSessionError ? message(error) : `job session ${id}: ${message(error)}`;
            set(vmIds, { result: "failed", reason, sessionId: id });
          }
          waiting.step();
        }),
      );
    } finally {
      waiting.clear();
    }
  }

  await print();
  const failures = [...rows.values()].filter((row) => row.result === "failed").length;
  const summary = (result: PruneResult) => [...rows.values()].filter((row) => row.result === result).length;
  writeLine(
    io.stderr,
    [
      `${summary(wait ? "deleted" : "started")} ${wait ? "deleted" : "started"}`,
      `${summary("nothing-to-delete")} nothing to delete`,
      `${summary("already-gone")} already gone`,
      `${failures} failed`,
    ].join(", "),
  );
  return failures === 0 ? exitCodes.ok : exitCodes.api;
}
