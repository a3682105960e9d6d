// The request openapi-fetch builds for the client, given to it as its documented `Request` option: the parts of a
// Request that the pipeline reads, made without a full Request. fetch makes a Request of its own from what the
// transport gives it anyway; a second one, made by openapi-fetch for every call, cost about 5% of a request
// (`npm run bench`, Per request).

// Marks the instances, for `instanceof` (which a real Request answers too, see below).
const outgoing = Symbol("veeam-azure-client.outgoingRequest");

/**
 * A request as openapi-fetch describes it: URL, method, headers, body (as serialized, not yet a stream), signal and
 * redirect mode, with `clone()`, `text()`, `json()` and `arrayBuffer()` like a Request's. Middleware added with
 * `client.api.use()` receives these; it may change their headers, or return a real `Request` instead (`instanceof
 * OutgoingRequest` is true of both, as openapi-fetch requires of what `onRequest` returns). It is not a Request:
 * to make one from it, pass it as the init, `new Request(request.url, request)`, not as the input.
 *
 * @example
 * ```ts
 * client.api.use({ onRequest: ({ request }) => { request.headers.set("x-trace", "1"); return request; } });
 * ```
 */
export class OutgoingRequest {
  readonly [outgoing] = true;
  /** The full URL. @example "https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8" */
  readonly url: string;
  /** @example "GET" */
  readonly method: string;
  /** The headers to send. */
  readonly headers: Headers;
  /** The body as openapi-fetch serialized it (a string, for this API's forms), or null. */
  readonly body: BodyInit | null;
  /**
   * Aborts the request.
   * @default null
   */
  readonly signal: AbortSignal | null;
  /**
   * What to do about a redirect; the client's transport follows none, whatever this says.
   * @default "follow"
   */
  readonly redirect: RequestRedirect;

  /**
   * @param input - The URL (openapi-fetch passes a string).
   * @param init - The method, headers, body and signal.
   */
  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
    this.redirect = init.redirect ?? "follow";
  }

  /** A copy with its own headers. */
  clone(): OutgoingRequest {
    const { method, headers, body, signal, redirect } = this;
    return new OutgoingRequest(this.url, { method, headers, body, signal, redirect });
  }

  /** The body as text. */
  text(): Promise<string> {
    return new Response(this.body).text();
  }

  /** The body parsed as JSON. */
  json(): Promise<unknown> {
    return new Response(this.body).json();
  }

  /** The body's bytes. */
  arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.body).arrayBuffer();
  }

  /** True of an OutgoingRequest, and of a real Request (which a middleware may return in its place). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      value instanceof globalThis.Request ||
      (value !== null && value !== undefined && (value as { [outgoing]?: unknown })[outgoing] === true)
    );
  }
}
