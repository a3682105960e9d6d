// `vbazure sessions get <id>` and `vbazure sessions wait <id>`: a job session, read once or followed to its end.

import { JobSessionError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { VeeamAzureClientV1 as VeeamAzureClient } from "../v1/client.js";
import type { JobSession } from "../v1/models.js";
import { type Io, writeLine } from "./io.js";
import { progressLine } from "./output.js";
import { renderTable, show } from "./table.js";
import { asUsage } from "./usageError.js";

/** How to print a single session. */
export type SessionFormat = "table" | "json";

/** Options of `sessions wait` (and `snapshots delete --wait`). */
export interface WaitOptions {
  /** Time between polls, in milliseconds. */
  intervalMs: number;
  /** How long to wait for a final status, in milliseconds. */
  timeoutMs: number;
}

/**
 * Prints one session: its fields one a line, or its JSON.
 *
 * @example
 * ```ts
 * printSession(io, "table", await client.getJobSession("8"));
 * ```
 */
export function printSession(io: Io, format: SessionFormat, session: JobSession): void {
  if (format === "json") {
    writeLine(io.stdout, JSON.stringify(session, null, 2));
    return;
  }
  io.stdout.write(
    renderTable(undefined, [
      ["ID", show(session.id)],
      ["TYPE", show(session.type)],
      ["STATUS", show(session.status)],
      ["STARTED", show(session.executionStartTime)],
      ["STOPPED", show(session.executionStopTime)],
      ["DURATION", show(session.executionDuration)],
      ["LOG", show(session._links?.log?.href)],
    ]),
  );
}

/**
 * Follows a session to a final status, showing its status on a terminal while it runs. Resolves with the final
 * session (`Success`, `Warning`); rejects with a JobSessionError (`Error`, `Failed`, `Canceled`) or TimeoutError.
 *
 * @example
 * ```ts
 * const done = await followSession(client, session, { intervalMs: 2_000, timeoutMs: 3_600_000 }, io, signal);
 * ```
 */
export async function followSession(
  client: VeeamAzureClient,
  session: JobSession | string,
  { intervalMs, timeoutMs }: WaitOptions,
  io: Io,
  signal: AbortSignal,
): Promise<JobSession> {
  const line = progressLine(io);
  const started = Date.now();
  try {
    return await client.waitForJobSession(session, {
      intervalMs,
      timeoutMs,
      signal,
      onPoll: (current) =>
        line.show(
          `Job session ${current.id}: ${current.status} (${Math.round((Date.now() - started) / 1000)} s)`,
        ),
    });
  } finally {
    line.clear();
  }
}

/**
 * `sessions get`: reads and prints a session.
 *
 * @example
 * ```ts
 * await getSession(client, "8", "table", io, signal);
 * ```
 */
export async function getSession(
  client: VeeamAzureClient,
  id: string,
  format: SessionFormat,
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  asUsage("<id>", () => requireId(id, "id"));
  printSession(io, format, await client.getJobSession(id, { signal }));
}

/**
 * `sessions wait`: follows a session to its end and prints it; a session that failed is printed too, then
 * reported as the error.
 *
 * @example
 * ```ts
 * await waitSession(client, "8", "table", { intervalMs: 2_000, timeoutMs: 3_600_000 }, io, signal);
 * ```
 */
export async function waitSession(
  client: VeeamAzureClient,
  id: string,
  format: SessionFormat,
  wait: WaitOptions,
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  asUsage("<id>", () => requireId(id, "id"));
  try {
    printSession(io, format, await followSession(client, id, wait, io, signal));
  } catch (error) {
    if (error instanceof JobSessionError) printSession(io, format, error.session);
    throw error;
  }
}
