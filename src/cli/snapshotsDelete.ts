// `vbazure snapshots delete <vmId>...`: asks first (on a terminal; --yes for scripts), starts each VM's snapshot
// removal one after the other, and with --wait follows the job sessions to their ends, all at once.

import { JobSessionError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { VeeamAzureClientV1 as VeeamAzureClient } from "../v1/client.js";
import type { JobSession } from "../v1/models.js";
import { printError } from "./errorOutput.js";
import { exitCodeOf, exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import { type OutputFormat, printRecords } from "./output.js";
import { askConfirmation, canAsk } from "./prompts.js";
import { followSession, type WaitOptions } from "./sessions.js";
import { show } from "./table.js";
import { asUsage, UsageError } from "./usageError.js";

/** Options of `snapshots delete`. */
export interface DeleteSnapshotsOptions {
  /** Delete without asking. */
  yes: boolean;
  /** Follow each session to its end (with these limits), or print it as started. */
  wait: WaitOptions | undefined;
  output: OutputFormat;
  verbose: boolean;
}

/** What became of one VM's deletion. */
interface Outcome {
  vmId: string;
  session?: JobSession;
  error?: unknown;
  /** From the request to the session's end (or the error), in milliseconds. */
  elapsedMs: number;
}

/** One VM's result as printed: JSON documents have this shape. */
interface Result {
  vmId: string;
  session: JobSession | null;
  error: string | null;
  elapsedMs: number;
}

const result = ({ vmId, session, error, elapsedMs }: Outcome): Result => ({
  vmId,
  session: session ?? null,
  error: error === undefined ? null : error instanceof Error ? error.message : String(error),
  elapsedMs,
});

const head = ["VM ID", "SESSION", "STATUS", "DURATION"];

const row = ({ vmId, session, elapsedMs }: Result) => [
  vmId,
  show(session?.id),
  show(session?.status ?? "not started"),
  // The appliance's own measure of the session; ours where it gives none.
  session ? (session.executionDuration ?? `${(elapsedMs / 1000).toFixed(1)} s`) : "-",
];

/**
 * Deletes the snapshots of `vmIds`. Returns the exit code: 0 when every deletion started (and, with --wait,
 * succeeded), else the code of the first failure; each failure is printed on stderr.
 *
 * @example
 * ```ts
 * const code = await deleteSnapshots(() => connect(...), ["vm-1"], { yes: true, wait: undefined, output: "table", verbose: false }, io, signal);
 * ```
 */
export async function deleteSnapshots(
  connect: () => Promise<VeeamAzureClient>,
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
  const client = await connect();
  const what = vmIds.length === 1 ? `VM ${vmIds[0]}` : `${vmIds.length} VMs (${vmIds.join(", ")})`;
  if (!options.yes && !(await askConfirmation(`Delete the snapshots of ${what}?`, io, signal))) {
    writeLine(io.stderr, "Nothing deleted.");
    return exitCodes.ok;
  }

  const outcomes: Outcome[] = [];
  for (const vmId of vmIds) {
    const started = Date.now();
    try {
      const session = await client.deleteVirtualMachineSnapshots(vmId, { signal });
      outcomes.push({ vmId, session, elapsedMs: Date.now() - started });
    } catch (error) {
      signal.throwIfAborted();
      outcomes.push({ vmId, error, elapsedMs: Date.now() - started });
    }
  }
  const wait = options.wait;
  if (wait) {
    await Promise.all(
      outcomes.map(async (outcome) => {
        if (!outcome.session) return;
        const started = Date.now() - outcome.elapsedMs;
        try {
          outcome.session = await followSession(client, outcome.session, wait, io, signal);
        } catch (error) {
          signal.throwIfAborted();
          if (error instanceof JobSessionError) outcome.session = error.session;
          outcome.error = error;
        }
        outcome.elapsedMs = Date.now() - started;
      }),
    );
  }

  printRecords(io, options.output, outcomes.map(result), head, row);
  for (const { vmId, error } of outcomes) {
    if (error) printError(io, error, { verbose: options.verbose, subject: vmId });
  }
  const failed = outcomes.find((outcome) => outcome.error);
  return failed ? exitCodeOf(failed.error) : exitCodes.ok;
}
