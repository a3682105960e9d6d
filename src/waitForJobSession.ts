// Following a job session to its end by polling GET /api/v1/jobSessions/{id}: always by id against the
// client's own baseUrl, never by the session's `_links` (an href could point to another origin).
import { JobSessionError, TimeoutError } from "./errors.js";
import { failedStatuses, finalStatuses } from "./jobStatuses.js";
import type { JobSession } from "./models.js";
import { sleep } from "./sleep.js";

/** Options of `waitForJobSession`. */
export interface WaitForJobSessionOptions {
  /**
   * Time between polls, in milliseconds.
   * @default 2_000
   */
  intervalMs?: number | undefined;
  /**
   * How long to wait for a final status before rejecting with a TimeoutError, in milliseconds.
   * @default 3_600_000
   */
  timeoutMs?: number | undefined;
  /** Stops waiting (and the poll under way) at once when aborted. */
  signal?: AbortSignal | undefined;
  /** Called with each state read while waiting, for progress reports. */
  onPoll?: ((session: JobSession) => void) | undefined;
}

/**
 * Polls with `read` until the session is final; resolves with it on `Success` or `Warning`, rejects with a
 * {@link JobSessionError} on `Error`, `Failed` or `Canceled`.
 *
 * @example
 * ```ts
 * await waitForJobSession((id, signal) => client.getJobSession(id, { signal }), session, { intervalMs: 1_000 });
 * ```
 */
export async function waitForJobSession(
  read: (id: string, signal?: AbortSignal) => Promise<JobSession>,
  start: JobSession,
  options: WaitForJobSessionOptions & { intervalMs: number; timeoutMs: number },
): Promise<JobSession> {
  const { intervalMs, timeoutMs, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let session = start;
  while (!finalStatuses.has(session.status)) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new TimeoutError(
        `Job session ${start.id} did not finish within ${timeoutMs} ms (last status ${session.status})`,
        timeoutMs,
      );
    }
    await sleep(Math.min(intervalMs, left), signal);
    session = await read(start.id, signal);
    options.onPoll?.(session);
  }
  if (failedStatuses.has(session.status)) throw new JobSessionError(session);
  return session;
}
