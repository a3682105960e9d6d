// `vbazure snapshots delete <vmId>...`: asks first (on a terminal; --yes for scripts), then starts the removal:
// from v6 on one batch request for every VM given (all their snapshots, or with --manual-only those created
// manually), which answers one job session, or 204 when there is nothing to delete; on v1, which has no batch, one
// request per VM, one after the other. With --wait it follows the sessions to their ends, all at once.

import type { JobSessionLike } from "../core/errors.js";
import { JobSessionError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { Connected } from "./connect.js";
import { printError } from "./errorOutput.js";
import { exitCodeOf, exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import { type OutputFormat, printRecords } from "./output.js";
import { askConfirmation, canAsk } from "./prompts.js";
import { type AnySession, followSession, type WaitOptions } from "./sessions.js";
import { show } from "./table.js";
import { asUsage, UsageError } from "./usageError.js";

/** Options of `snapshots delete`. */
export interface DeleteSnapshotsOptions {
  /** Delete without asking. */
  yes: boolean;
  /**
   * Only the snapshots created manually (v6 and later; `connect` refuses it on v1).
   * @default false
   */
  manualOnly: boolean;
  /** Follow each session to its end (with these limits), or print it as started. */
  wait: WaitOptions | undefined;
  output: OutputFormat;
  verbose: boolean;
}

/** One request and what became of it: one VM's on v1, every VM's in one batch from v6 on. */
interface Removal {
  vmIds: string[];
  /** `null`: the appliance answered 204, nothing to delete. */
  session?: AnySession | null;
  error?: unknown;
  /** From the request to the session's end (or the error), in milliseconds. */
  elapsedMs: number;
}

/** One VM's result as printed: JSON documents have this shape. */
export interface DeleteResult {
  vmId: string;
  /** The job session removing its snapshots; `null` when none started (an error, or nothing to delete). */
  session: AnySession | null;
  /** What went wrong; `null` when nothing did (`session` null and `error` null: there was nothing to delete). */
  error: string | null;
  elapsedMs: number;
}

const head = ["VM ID", "SESSION", "STATUS", "DURATION"];

/**
 * A result's table row: the session and its status, "nothing to delete" for a 204, "not started" after an error.
 *
 * @example
 * ```ts
 * deleteRow({ vmId: "vm-1", session: null, error: null, elapsedMs: 40 }); // ["vm-1", "-", "nothing to delete", "-"]
 * ```
 */
export function deleteRow({ vmId, session, error, elapsedMs }: DeleteResult): string[] {
  return [
    vmId,
    show(session?.id),
    show(session?.status ?? (error === null ? "nothing to delete" : "not started")),
    // The appliance's own measure of the session; ours where it gives none.
    session ? (session.executionDuration ?? `${(elapsedMs / 1000).toFixed(1)} s`) : "-",
  ];
}

const results = (removals: Removal[]): DeleteResult[] =>
  removals.flatMap(({ vmIds, session, error, elapsedMs }) =>
    vmIds.map((vmId) => ({
      vmId,
      session: session ?? null,
      error: error === undefined ? null : error instanceof Error ? error.message : String(error),
      elapsedMs,
    })),
  );

/**
 * Deletes the snapshots of `vmIds`. Returns the exit code: 0 when every deletion started (and, with --wait,
 * succeeded) or had nothing to delete, 2 when the answer at the question was no, else the code of the first
 * failure; each failure is printed on stderr.
 *
 * @example
 * ```ts
 * const code = await deleteSnapshots(connect, ["vm-1"], { yes: true, manualOnly: false, wait: undefined, output: "table", verbose: false }, io, signal);
 * ```
 */
export async function deleteSnapshots(
  connect: () => Promise<Connected>,
  vmIds: string[],
  options: DeleteSnapshotsOptions,
  io: Io,
  signal: AbortSignal,
): Promise<number> {
  for (const vmId of vmIds) asUsage("<vmId>", () => requireId(vmId, "vmId"));
  if (!options.yes && !canAsk(io)) {
    throw new UsageError(
      "refusing to delete without confirmation: stdin is not a terminal; pass --yes to confirm",
    );
  }
  const { client } = await connect();
  const batch = client.apiVersion !== "v1";
  // The batch request holds each VM once; v1 sends what it was given, a request each.
  const ids = batch ? [...new Set(vmIds)] : vmIds;
  const what = ids.length === 1 ? `VM ${ids[0]}` : `${ids.length} VMs (${ids.join(", ")})`;
  const snapshots = options.manualOnly ? "manually created snapshots" : "snapshots";
  // A "no" is the deletion not confirmed, as without a terminal to ask on: exit code 2 (the README's table and
  // --help say so), so that `delete ... && next-step` does not go on as if the snapshots were gone.
  if (!options.yes && !(await askConfirmation(`Delete the ${snapshots} of ${what}?`, io, signal))) {
    writeLine(io.stderr, "Nothing deleted.");
    return exitCodes.usage;
  }

  const removals: Removal[] = [];
  const start = async (group: string[], remove: () => Promise<AnySession | null>) => {
    const started = Date.now();
    try {
      removals.push({ vmIds: group, session: await remove(), elapsedMs: Date.now() - started });
    } catch (error) {
      signal.throwIfAborted();
      removals.push({ vmIds: group, error, elapsedMs: Date.now() - started });
    }
  };
  if (client.apiVersion === "v1") {
    for (const vmId of ids) await start([vmId], () => client.deleteVirtualMachineSnapshots(vmId, { signal }));
  } else {
    await start(ids, () =>
      client.deleteVirtualMachineSnapshots(ids, { signal, manualOnly: options.manualOnly }),
    );
  }
  const wait = options.wait;
  if (wait) {
    await Promise.all(
      removals.map(async (removal) => {
        if (!removal.session) return;
        const started = Date.now() - removal.elapsedMs;
        try {
          removal.session = await followSession(client, removal.session, wait, io, signal);
        } catch (error) {
          signal.throwIfAborted();
          if (error instanceof JobSessionError)
            removal.session = error.session as JobSessionLike as AnySession;
          removal.error = error;
        }
        removal.elapsedMs = Date.now() - started;
      }),
    );
  }

  printRecords(io, options.output, results(removals), head, deleteRow);
  for (const { vmIds: group, error } of removals) {
    // A batch's error is about all its VMs; its message names the request.
    if (error)
      printError(io, error, { verbose: options.verbose, subject: group.length === 1 ? group[0] : "" });
  }
  const failed = removals.find((removal) => removal.error);
  return failed ? exitCodeOf(failed.error) : exitCodes.ok;
}
