// The retry policy, outermost in the pipeline: the one loop that sends a request again, so `attempts` bounds
// every attempt, the auth policy's replay after a 401 included. GETs retry on network errors, timeouts and
// 408, 429, 500, 502, 503 and 504; POSTs (delete, token) only where the appliance surely did nothing: 429, 503, a
// refused connection, or a 401 for a token since renewed. Never a POST after a reset or a timeout: the appliance
// may have started the deletion.
import { NetworkError, TimeoutError } from "../errors.js";
import { type PipelinePolicy, type PipelineRequest, replayRequested } from "../pipeline.js";
import { sleep } from "../sleep.js";

/** How the client retries. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included, and a replay after a 401 included; `1` never sends a request twice.
   * @default 3
   */
  attempts?: number | undefined;
  /**
   * Upper bound of the first backoff delay; each later one doubles it (full jitter: a random delay up to it).
   * @default 500
   */
  baseDelayMs?: number | undefined;
  /**
   * Longest delay between attempts, including one asked for by `Retry-After`.
   * @default 30_000
   */
  maxDelayMs?: number | undefined;
}

/** {@link RetryOptions} with every value decided. */
export type RetryPolicy = { [K in keyof RetryOptions]-?: number };

const idempotentStatuses = new Set([408, 429, 500, 502, 503, 504]);
const unprocessedStatuses = new Set([429, 503]);

/**
 * Whether `outcome` (a response, or what an attempt threw) of `request` may be retried.
 *
 * @example
 * ```ts
 * isRetryable({ method: "POST" }, new Response(null, { status: 503 })); // true: the appliance did nothing
 * ```
 */
export function isRetryable(request: Pick<PipelineRequest, "method">, outcome: unknown): boolean {
  const idempotent = request.method === "GET";
  if (outcome instanceof Response) {
    return (
      replayRequested(outcome) || (idempotent ? idempotentStatuses : unprocessedStatuses).has(outcome.status)
    );
  }
  if (outcome instanceof TimeoutError) return idempotent;
  if (outcome instanceof NetworkError) return idempotent || outcome.code === "ECONNREFUSED";
  return false;
}

/**
 * Milliseconds `Retry-After` asks to wait (seconds, or an HTTP date), or undefined when absent or invalid.
 *
 * @example
 * ```ts
 * parseRetryAfter("120"); // 120_000
 * ```
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  // An HTTP date starts with the day's name ("Mon, 23 Nov 2026 ..."); Date.parse alone would take "-5" as a year.
  const date = /^\s*[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The delay before retry number `retry` (1 for the first retry): none for a replay a policy asked for,
 * `Retry-After` if given, else full jitter.
 *
 * @example
 * ```ts
 * backoffDelay(2, new Response(null, { status: 503 }), { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 }); // 0 to 1000
 * ```
 */
export function backoffDelay(retry: number, outcome: unknown, options: RetryPolicy): number {
  if (outcome instanceof Response) {
    if (replayRequested(outcome)) return 0;
    const asked = parseRetryAfter(outcome.headers.get("retry-after"));
    if (asked !== undefined) return Math.min(asked, options.maxDelayMs);
  }
  return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
}

/**
 * Makes the retry policy. Each retry goes through the rest of the pipeline again (a fresh token, a fresh time
 * limit, the same buffered body); waiting stops at once when the request's signal aborts.
 *
 * @example
 * ```ts
 * const send = composePipeline([retryPolicy({ attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 })], transport);
 * ```
 */
export function retryPolicy(options: RetryPolicy): PipelinePolicy {
  return async (request, next) => {
    for (let attempt = 1; ; attempt++) {
      let outcome: unknown;
      let failed = false;
      try {
        outcome = await next(request);
      } catch (error) {
        outcome = error;
        failed = true;
      }
      if (attempt >= options.attempts || !isRetryable(request, outcome)) {
        if (failed) throw outcome;
        return outcome as Response;
      }
      await sleep(backoffDelay(attempt, outcome, options), request.signal ?? undefined);
    }
  };
}
