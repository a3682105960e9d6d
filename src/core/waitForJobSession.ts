// Following a job session to its end by polling it by id: always against the client's own baseUrl, never by
// the session's `_links` (an href could point to another origin). Which statuses end a session, and which of
// them mean failure, is each API version's to say.
import { JobSessionError, type JobSessionLike, TimeoutError } from "./errors.js";
import { sleep } from "./sleep.js";

/** Options of `waitForJobSession`. */
export interface WaitForJobSessionOptions<TSession = JobSessionLike> {
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
  onPoll?: ((session: TSession) => void) | undefined;
}

/** The statuses that end a job session, as one API version defines them. */
export interface SessionOutcomes {
  /** Final, and the work was done (perhaps with warnings). @example new Set(["Success", "Warning"]) */
  succeeded: ReadonlySet<string>;
  /** Final, and the work was not done. @example new Set(["Error", "Failed", "Canceled"]) */
  failed: ReadonlySet<string>;
}

/**
 * The outcomes of a version whose `final` statuses end a session and whose `failed` ones (among them) mean
 * the work was not done.
 *
 * @example
 * ```ts
 * outcomesOf(new Set(["Success", "Warning", "Error"]), new Set(["Error"])); // succeeded: Success, Warning
 * ```
 */
export function outcomesOf(final: ReadonlySet<string>, failed: ReadonlySet<string>): SessionOutcomes {
  return { succeeded: new Set([...final].filter((status) => !failed.has(status))), failed };
}

/**
 * Polls with `read` until the session's status is one of `outcomes`; resolves with it when it succeeded,
 * rejects with a {@link JobSessionError} when it failed, and with a {@link TimeoutError} after `timeoutMs`.
 * Any other status, one this client does not know included, keeps it polling.
 *
 * @example
 * ```ts
 * await waitForJobSession((id, signal) => client.getJobSession(id, { signal }), session, outcomes, { intervalMs: 1_000, timeoutMs: 60_000 });
 * ```
 */
export async function waitForJobSession<TSession extends JobSessionLike>(
  read: (id: string, signal?: AbortSignal) => Promise<TSession>,
  start: TSession,
  outcomes: SessionOutcomes,
  options: WaitForJobSessionOptions<TSession> & { intervalMs: number; timeoutMs: number },
): Promise<TSession> {
  const { intervalMs, timeoutMs, signal } = options;
  // The callers check it is an id; v8.1's type lets it be absent.
  const id = String(start.id);
  const deadline = Date.now() + timeoutMs;
  let session = start;
  while (!outcomes.succeeded.has(session.status) && !outcomes.failed.has(session.status)) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new TimeoutError(
        `Job session ${id} did not finish within ${timeoutMs} ms (last status ${session.status})`,
        timeoutMs,
      );
    }
    await sleep(Math.min(intervalMs, left), signal);
    session = await read(id, signal);
    options.onPoll?.(session);
  }
  if (outcomes.failed.has(session.status)) throw new JobSessionError(session);
  return session;
}
