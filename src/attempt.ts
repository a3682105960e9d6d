// One attempt at a request: the timeout policy (per attempt, combined with the caller's signal), the redirect
// policy (same origin only: a redirect elsewhere would carry the token there) and the body read. An attempt
// ends when the whole body has arrived, so a reset or a stall mid-body is this attempt's failure, which the
// retry policy can then judge; the body is handed on already buffered.
import { InvalidResponseError, NetworkError, TimeoutError } from "./errors.js";

/** The `fetch` an attempt is made with: the global one, or one given in the client options. */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;
// Node's codes for a certificate the runtime does not trust, such as an appliance's self-signed one.
const untrusted = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

const label = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

function networkError(request: Request, error: unknown): NetworkError {
  // undici wraps the system error: TypeError("fetch failed", { cause: Error { code: "ECONNREFUSED" } }).
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const reason =
    typeof cause?.message === "string" && cause.message
      ? cause.message
      : String((error as Error)?.message ?? error);
  const hint =
    code && untrusted.test(code)
      ? "; if the appliance uses a self-signed certificate, pass it as the `ca` option (CLI: --ca-file)"
      : "";
  return new NetworkError(
    `${label(request)}: no response from ${new URL(request.url).origin} - ${reason}${hint}`,
    code,
    {
      cause: error,
    },
  );
}

function nextHop(request: Request, response: Response, hops: number): Request {
  const location = response.headers.get("location");
  if (response.type === "opaqueredirect" || !location) {
    throw new InvalidResponseError(
      `${label(request)}: the server redirected the request; redirects are not followed here`,
    );
  }
  const target = new URL(location, request.url);
  if (target.origin !== new URL(request.url).origin) {
    throw new InvalidResponseError(
      `${label(request)}: refused to follow a redirect to another origin (${target.origin}); the access token must not leave the appliance`,
    );
  }
  if (request.method !== "GET" || hops >= maxRedirects) {
    throw new InvalidResponseError(
      `${label(request)}: refused to follow redirect ${hops + 1} to ${target.pathname}`,
    );
  }
  return new Request(target, request);
}

// The body as the chunks it arrived in. Handing them on as they are, rather than as one ArrayBuffer, saves two
// copies of it and a byte stream (arrayBuffer() joins the chunks; a Response made from an ArrayBuffer copies it
// again and serves it through a byte stream), which made a request for a 30-item page cost about 20% more than
// fetch + json() (`npm run bench`).
async function readBody(response: Response): Promise<Uint8Array[] | null> {
  if (nullBodyStatuses.has(response.status)) return null;
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  if (!reader) return chunks;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

// The bytes each response handed on was made from, for receivedJson.
const received = new WeakMap<Response, Uint8Array[] | null>();

function rebuilt(response: Response, chunks: Uint8Array[] | null): Response {
  const body =
    chunks &&
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, "url", { value: response.url });
  received.set(copy, chunks);
  return copy;
}

const decoder = new TextDecoder();

/**
 * The JSON body of a response an attempt returned, parsed from the bytes the attempt received (undefined for an
 * empty body), without reading them again through the response's body stream: that second pass cost about 10%
 * of a request for a 30-item page (`npm run bench`). Any other response (one a middleware made) is read from
 * its stream. Throws a SyntaxError for malformed JSON, as `Response.json()` does.
 *
 * @example
 * ```ts
 * const page = await receivedJson(await attempt(request));
 * ```
 */
export async function receivedJson(response: Response): Promise<unknown> {
  const chunks = received.has(response)
    ? received.get(response)
    : [new Uint8Array(await response.arrayBuffer())];
  if (!chunks) return undefined;
  let bytes = chunks[0] ?? new Uint8Array(0);
  if (chunks.length > 1) {
    bytes = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.byteLength, 0));
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
  }
  return bytes.byteLength === 0 ? undefined : JSON.parse(decoder.decode(bytes));
}

function checkMediaType(request: Request, response: Response, chunks: Uint8Array[] | null): void {
  const type = response.headers.get("content-type");
  if (response.ok && chunks?.some((chunk) => chunk.byteLength > 0) && type && !/json/i.test(type)) {
    const start = new Uint8Array(200);
    let length = 0;
    for (const chunk of chunks) {
      const part = chunk.subarray(0, start.length - length);
      start.set(part, length);
      length += part.length;
    }
    const text = new TextDecoder().decode(start.subarray(0, length)).replace(/\s+/g, " ");
    throw new InvalidResponseError(
      `${label(request)}: ${response.status} with ${type} instead of JSON (is a proxy or login page in the way?): ${text}`,
    );
  }
}

/**
 * Makes the `fetch` that openapi-fetch calls for each attempt: it enforces `timeoutMs` from the request's start
 * to the end of its body, follows only same-origin GET redirects, returns the response with its body buffered,
 * and turns failures into {@link NetworkError}, {@link TimeoutError} or {@link InvalidResponseError}. When the
 * caller's signal aborts, the attempt rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const attempt = createAttemptFetch(globalThis.fetch, 30_000);
 * const response = await attempt(new Request("https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8"));
 * ```
 */
export function createAttemptFetch(fetch: Fetch, timeoutMs: number): (request: Request) => Promise<Response> {
  return async function attempt(request) {
    const caller = request.signal;
    caller.throwIfAborted();
    const controller = new AbortController();
    const onAbort = () => controller.abort(caller.reason);
    caller.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      const message = `${label(request)}: no complete response within ${timeoutMs} ms`;
      controller.abort(new TimeoutError(message, timeoutMs));
    }, timeoutMs);
    try {
      let current = request;
      let response = await fetch(current, { signal: controller.signal, redirect: "manual" });
      for (
        let hops = 0;
        redirectStatuses.has(response.status) || response.type === "opaqueredirect";
        hops++
      ) {
        await response.body?.cancel();
        current = nextHop(current, response, hops);
        response = await fetch(current, { signal: controller.signal, redirect: "manual" });
      }
      const chunks = await readBody(response);
      checkMediaType(request, response, chunks);
      return rebuilt(response, chunks);
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      if (error instanceof InvalidResponseError) throw error;
      throw networkError(request, error);
    } finally {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
    }
  };
}
