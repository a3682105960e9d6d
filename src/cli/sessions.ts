// `vbazure sessions get <id>` and `vbazure sessions wait <id>`: a job session, read once or followed to its end,
// in whichever API version the run speaks (the session's fields that matter here are the same in every version).

import type { ApiVersion } from "../core/apiVersion.js";
import { JobSessionError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { WaitForJobSessionOptions } from "../core/waitForJobSession.js";
import type { VeeamAzureClient } from "../createClient.js";
import type * as v1 from "../v1/models.js";
import type * as v8_1 from "../v8_1/models.js";
import type { Connected } from "./connect.js";
import { renderCsv } from "./csv.js";
import { type Io, writeLine } from "./io.js";
import { progressLine } from "./output.js";
import { renderTable, show } from "./table.js";
import { asUsage } from "./usageError.js";

/** A job session of any version. */
export type AnySession = v1.JobSession | v8_1.JobSession;

/** The client of any version. */
type Client = VeeamAzureClient<ApiVersion>;

/** How to print a single session (`sessions wait` offers table and JSON only). */
export type SessionFormat = "table" | "json" | "csv";

/** Options of `sessions wait` (and `snapshots delete --wait`). */
export interface WaitOptions {
  /** Time between polls, in milliseconds. */
  intervalMs: number;
  /** How long to wait for a final status, in milliseconds. */
  timeoutMs: number;
}

/**
 * Prints one session: its fields one a line, its JSON, or CSV (a header of the field names, then its row).
 *
 * @example
 * ```ts
 * printSession(io, "table", await client.getJobSession("8"));
 * ```
 */
export function printSession(io: Io, format: SessionFormat, session: AnySession): void {
  if (format === "json") {
    writeLine(io.stdout, JSON.stringify(session, null, 2));
    return;
  }
  const fields: [string, string][] = [
    ["ID", show(session.id)],
    ["TYPE", show(session.type)],
    ["STATUS", show(session.status)],
    ["STARTED", show(session.executionStartTime)],
    ["STOPPED", show(session.executionStopTime)],
    ["DURATION", show(session.executionDuration)],
    ["LOG", show(session._links?.log?.href)],
  ];
  if (format === "csv") {
    io.stdout.write(
      renderCsv({ columns: fields.map(([name]) => name), rows: [fields.map(([, value]) => value)] }),
    );
    return;
  }
  io.stdout.write(renderTable(undefined, fields));
}

/**
 * Follows a session to a final status, showing its status on a terminal while it runs. Resolves with the final
 * session (`Success`, `Warning`); rejects with a JobSessionError (`Error`, `Canceled`, and `NeverExecuted` from v6
 * on, `Failed` on v1) or a TimeoutError.
 *
 * @example
 * ```ts
 * const done = await followSession(client, session, { intervalMs: 2_000, timeoutMs: 3_600_000 }, io, signal);
 * ```
 */
export async function followSession(
  client: Client,
  session: AnySession | string,
  { intervalMs, timeoutMs }: WaitOptions,
  io: Io,
  signal: AbortSignal,
): Promise<AnySession> {
  const line = progressLine(io);
  const started = Date.now();
  // Each version's client takes its own sessions; this one came from the same client (or is an id).
  const wait = client.waitForJobSession as (
    session: AnySession | string,
    options: WaitForJobSessionOptions<AnySession>,
  ) => Promise<AnySession>;
  try {
    return await wait.call(client, session, {
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
 * `sessions get`: reads and prints a session. The id is checked before `connect` is called (and so before any
 * request, detection's included).
 *
 * @example
 * ```ts
 * await getSession(connect, "8", "table", io, signal);
 * ```
 */
export async function getSession(
  connect: () => Promise<Connected>,
  id: string,
  format: SessionFormat,
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  asUsage("<id>", () => requireId(id, "id"));
  const { client } = await connect();
  printSession(io, format, await client.getJobSession(id, { signal }));
}

/**
 * `sessions wait`: follows a session to its end and prints it; a session that failed is printed too, then
 * reported as the error. The id is checked before `connect` is called.
 *
 * @example
 * ```ts
 * await waitSession(connect, "8", "table", { intervalMs: 2_000, timeoutMs: 3_600_000 }, io, signal);
 * ```
 */
export async function waitSession(
  connect: () => Promise<Connected>,
  id: string,
  format: SessionFormat,
  wait: WaitOptions,
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  asUsage("<id>", () => requireId(id, "id"));
  const { client } = await connect();
  try {
    printSession(io, format, await followSession(client, id, wait, io, signal));
  } catch (error) {
    if (error instanceof JobSessionError) printSession(io, format, error.session as AnySession);
    throw error;
  }
}
