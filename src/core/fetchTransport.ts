// The end of the pipeline: one call of a fetch implementation (the global fetch, one given in the options, or
// the TLS fetch for `ca`). What it answers is normalized here, once: a Response of another implementation (the
// npm undici package's, for `ca`) becomes a global Response, so that every policy above can rely on
// `instanceof Response`; a failure to get an answer becomes a NetworkError.
import { networkError } from "./networkError.js";
import type { SendRequest } from "./pipeline.js";

/**
 * A `fetch` the client can send with: called as `fetch(url, init)`, like the global one.
 *
 * @example
 * ```ts
 * const fetch: Fetch = (url, init) => globalThis.fetch(url, { ...init, keepalive: true });
 * ```
 */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Makes the transport that sends each request with `fetch`, never following a redirect (the redirect policy
 * judges it), and hands on a global Response.
 *
 * @example
 * ```ts
 * const send = fetchTransport(globalThis.fetch);
 * ```
 */
export function fetchTransport(fetch: Fetch): SendRequest {
  return async (request) => {
    let response: Response;
    try {
      // The URL and its parts rather than a Request: fetch would make a Request of its own from one anyway.
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        redirect: "manual",
      });
    } catch (error) {
      // An abort is the timeout policy's (or the caller's) to report.
      if (request.signal?.aborted) throw error;
      throw networkError(request, error);
    }
    if (response instanceof Response) return response;
    const other = response as Response;
    // Same standard, another class: its body is a web stream like ours, handed over unread.
    return new Response(other.body, {
      status: other.status,
      statusText: other.statusText,
      headers: [...other.headers],
    });
  };
}
