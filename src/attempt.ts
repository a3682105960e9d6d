// One attempt at a request: the timeout policy (per attempt, combined with the caller's signal), the redirect
// policy (none is followed: the API does not redirect, and a redirect elsewhere would carry the token there) and
// the body read. An attempt
// ends when the whole body has arrived, so a reset or a stall mid-body is this attempt's failure, which the
// retry policy can then judge; the body is handed on already buffered.
import { InvalidResponseError, NetworkError, TimeoutError } from "./errors.js";

/** The `fetch` an attempt is made with: the global one, or one given in the client options. */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

// What to do about a certificate the runtime refuses, by Node's (OpenSSL's) code: one not issued by a trusted
// authority (such as the self-signed certificate an appliance ships with), or one issued for another name.
const tlsHints: [RegExp, string][] = [
  [
    // DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    // UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)
    /SELF_SIGNED|UNABLE_TO_(VERIFY_LEAF|GET_ISSUER)/,
    "pass the appliance's certificate (PEM) as the `ca` option (CLI: --ca-file)",
  ],
  [/ALTNAME/, "the certificate is issued for another host name"], // ERR_TLS_CERT_ALTNAME_INVALID
];

const label = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

function networkError(request: Request, error: unknown): NetworkError {
  // undici wraps the system error: TypeError("fetch failed", { cause: Error { code: "ECONNREFUSED" } }).
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const reason =
    typeof cause?.message === "string" && cause.message
      ? cause.message
      : String((error as Error)?.message ?? error);
  const hint = tlsHints.find(([codes]) => code !== undefined && codes.test(code))?.[1];
  return new NetworkError(
    `${label(request)}: no response from ${new URL(request.url).origin} - ${reason}${hint ? `; ${hint}` : ""}`,
    code,
    {
      cause: error,
    },
  );
}

// An opaque redirect (a browser's "manual" mode) has no location, and is reported as a redirect all the same.
function redirected(request: Request, response: Response): InvalidResponseError | undefined {
  if (
    response.type !== "opaqueredirect" &&
    (response.status < 300 || response.status > 399 || response.status === 304)
  ) {
    return undefined;
  }
  const target = new URL(response.headers.get("location") ?? "", request.url);
  return new InvalidResponseError(
    `${label(request)}: refused to follow a redirect to ${target.origin === new URL(request.url).origin ? target.pathname : `another origin (${target.origin}), with the token`}`,
  );
}

const textOnlyKey = "veeamAzureClientTextOnly";
/**
 * Fetch options that mark a request whose successful body will be read only through {@link receivedText}
 * (openapi-fetch copies unknown options onto the Request it makes, where the attempt finds this).
 */
export const textOnly = { [textOnlyKey]: true } as const;

// The text of each response handed on, for receivedText: a property of the response rather than a WeakMap
// entry, which costs the garbage collector more for objects this short-lived (`npm run bench`).
const receivedKey = Symbol("veeam-azure-client.text");
type WithText = Response & { [receivedKey]?: string | undefined };
// Never used with { stream: true }: in Node.js 20 that, once, moves a decoder to a path ten times slower.
const decoder = new TextDecoder();

// Reads the body to its end (so the timeout covers it, and a failure mid-body is this attempt's) and hands on a
// response that serves the same bytes, keeping their text for receivedText. The chunks are read directly and
// joined only when there are several (a small body comes in one): arrayBuffer() copies them twice more and
// costs a round of promises, about 10% of a request for a 30-item page (`npm run bench`).
async function buffered(request: Request, response: Response): Promise<Response> {
  // A status that has no body (204, 304, ...) has a null body: a Response cannot be made otherwise.
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    chunks.push(read.value);
    length += read.value.byteLength;
  }
  let bytes = chunks[0];
  if (chunks.length > 1) {
    bytes = new Uint8Array(length);
    length = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, length);
      length += chunk.byteLength;
    }
  }
  const text = decoder.decode(bytes);
  const type = response.headers.get("content-type");
  if (response.ok && text && type && !/json/i.test(type)) {
    throw new InvalidResponseError(
      `${label(request)}: ${response.status} with ${type} instead of JSON (a proxy or login page?): ${text.slice(0, 200).replace(/\s+/g, " ")}`,
    );
  }
  // A successful answer to one of the client's own calls is read only through receivedText: hand on the
  // response itself (its body consumed) rather than a copy that serves the bytes again.
  if (response.ok && (request as Partial<typeof textOnly>)[textOnlyKey]) {
    (response as WithText)[receivedKey] = text;
    return response;
  }
  // Served by a stream of its own rather than as a BodyInit, which a Response would copy into a byte stream.
  const copy = new Response(
    reader &&
      new ReadableStream<Uint8Array>({
        start(controller) {
          if (bytes) controller.enqueue(bytes);
          controller.close();
        },
      }),
    { status: response.status, statusText: response.statusText, headers: response.headers },
  );
  Object.defineProperty(copy, "url", { value: response.url });
  (copy as WithText)[receivedKey] = text;
  return copy;
}

/**
 * The body of a response as text. For one an attempt returned, the text the attempt decoded as the body
 * arrived, without reading it again through the response's body stream (that second pass cost about 10% of a
 * request for a 30-item page, `npm run bench`); any other response (one a middleware made) is read.
 *
 * @example
 * ```ts
 * const page = JSON.parse(await receivedText(await attempt(request)));
 * ```
 */
export function receivedText(response: Response): string | Promise<string> {
  const text = (response as WithText)[receivedKey];
  if (text === undefined) return response.text();
  // Read once: let the text go with its parse, even while something still holds the response.
  (response as WithText)[receivedKey] = undefined;
  return text;
}

/**
 * Makes the `fetch` that openapi-fetch calls for each attempt: it enforces `timeoutMs` from the request's start
 * to the end of its body, follows no redirect, returns the response with its body buffered,
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
      const response = await fetch(request, { signal: controller.signal, redirect: "manual" });
      const redirect = redirected(request, response);
      if (redirect) {
        await response.body?.cancel();
        throw redirect;
      }
      return await buffered(request, response);
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
