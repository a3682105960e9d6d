// The retry policy, as openapi-fetch middleware. GETs retry on network errors, timeouts and 408/429/5xx
// gateway statuses; POSTs (delete, token) only where the server surely did nothing: 429, 503, or a refused
// connection. Never a POST after a reset or a timeout: the appliance may have started the deletion.
import type { Middleware } from "openapi-fetch";
import { NetworkError, TimeoutError } from "./errors.js";
import { sleep } from "./sleep.js";

/** How the client retries. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included; `1` never retries.
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

/** Whether `outcome` (a response, or what an attempt threw) of `request` may be retried. */
export function isRetryable(request: Request, outcome: unknown): boolean {
  const idempotent = request.method === "GET";
  if (outcome instanceof Response)
    return (idempotent ? idempotentStatuses : unprocessedStatuses).has(outcome.status);
  if (outcome instanceof TimeoutError) return idempotent;
  if (outcome instanceof NetworkError) return idempotent || outcome.code === "ECONNREFUSED";
  return false;
}

/** Milliseconds `Retry-After` asks to wait (seconds, or an HTTP date), or undefined when absent or invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  // An HTTP date starts with the day's name ("Mon, 23 Nov 2026 ..."); Date.parse alone would take "-5" as a year.
  const date = /^\s*[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The delay before retry number `retry` (1 for the first retry): `Retry-After` if given, else full jitter. */
export function backoffDelay(retry: number, outcome: unknown, options: RetryPolicy): number {
  const asked = outcome instanceof Response ? parseRetryAfter(outcome.headers.get("retry-after")) : undefined;
  if (asked !== undefined) return Math.min(asked, options.maxDelayMs);
  return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
}

/**
 * Makes the retry middleware. Retries reuse the request (a fresh copy of its body where it has one) through
 * openapi-fetch's `fetch`, so each retry is a full attempt with its own timeout; waiting stops at once when the
 * request's signal aborts.
 *
 * @example
 * ```ts
 * api.use(retryMiddleware({ attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 }));
 * ```
 */
export function retryMiddleware(options: RetryPolicy): Middleware {
  const bodies = new WeakMap<Request, Request>();

  async function retry(request: Request, first: unknown, fetch: (request: Request) => Promise<Response>) {
    let outcome = first;
    for (let attempt = 2; attempt <= options.attempts && isRetryable(request, outcome); attempt++) {
      await sleep(backoffDelay(attempt - 1, outcome, options), request.signal);
      try {
        outcome = await fetch(bodies.get(request)?.clone() ?? request);
      } catch (error) {
        outcome = error;
      }
    }
    if (outcome instanceof Response) return outcome;
    throw outcome;
  }

  return {
    onRequest({ request }) {
      if (request.body) bodies.set(request, request.clone());
      return undefined;
    },
    onResponse({ request, response, options: { fetch } }) {
      return isRetryable(request, response) ? retry(request, response, fetch) : undefined;
    },
    onError({ request, error, options: { fetch } }) {
      return isRetryable(request, error) ? retry(request, error, fetch) : undefined;
    },
  };
}
