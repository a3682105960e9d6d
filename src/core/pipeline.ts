import type { OutgoingRequest } from "./outgoingRequest.js";

// The request pipeline, after Azure's core-rest-pipeline: each policy is `(request, next) => Promise<Response>`,
// and the client composes them in one declared order (see clientPipeline.ts). The `fetch` openapi-fetch calls is
// the entry: it turns openapi-fetch's Request into a PipelineRequest once, so a policy changes the request (its
// token, its signal for one attempt) by copying a plain object, and a retry sends the same buffered body again.

/**
 * A request on its way through the pipeline. Policies never mutate what they are given beyond its headers
 * (auth sets `Authorization`); to send with other values they pass a copy (`{ ...request, signal }`) to `next`.
 *
 * @example
 * ```ts
 * const request: PipelineRequest = { url: "https://h/api/v1/jobSessions/8", method: "GET", headers: new Headers(), body: null, signal: null };
 * ```
 */
export interface PipelineRequest {
  /** The full URL. @example "https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8" */
  readonly url: string;
  /** @example "GET" */
  readonly method: string;
  /** The headers to send; the auth policy sets `Authorization` on them before each attempt. */
  readonly headers: Headers;
  /** The body, read once when the request entered the pipeline, so that every attempt can send it again. */
  readonly body: ArrayBuffer | null;
  /** Aborts the request: the caller's signal, and for one attempt the timeout policy's. */
  readonly signal: AbortSignal | null;
}

/**
 * Sends a request on: the rest of the pipeline, or the transport at its end.
 *
 * @example
 * ```ts
 * const send: SendRequest = (request) => fetch(request.url, { method: request.method });
 * ```
 */
export type SendRequest = (request: PipelineRequest) => Promise<Response>;

/**
 * One policy of the pipeline: it may change the request, call `next` (once, several times, or not at all) and
 * judge or replace what comes back.
 *
 * @example
 * ```ts
 * const tracing: PipelinePolicy = (request, next) => {
 *   request.headers.set("x-request-id", crypto.randomUUID());
 *   return next(request);
 * };
 * ```
 */
export type PipelinePolicy = (request: PipelineRequest, next: SendRequest) => Promise<Response>;

/**
 * Composes `policies`, outermost first, in front of `transport`.
 *
 * @example
 * ```ts
 * const send = composePipeline([retryPolicy(retry), timeoutPolicy(30_000)], fetchTransport(globalThis.fetch));
 * ```
 */
export function composePipeline(policies: readonly PipelinePolicy[], transport: SendRequest): SendRequest {
  return policies.reduceRight<SendRequest>((next, policy) => (request) => policy(request, next), transport);
}

// Responses a policy has asked the retry policy to send again at once (the auth policy, after a 401 for a token
// it has since renewed). A 401 is rare, so a WeakSet costs the common path nothing.
const replays = new WeakSet<Response>();

/**
 * Asks the retry policy to send the request again at once, as one more attempt within `attempts`: the appliance
 * refused `response` without acting on it (a 401 for a token that has since been renewed).
 *
 * @example
 * ```ts
 * if (response.status === 401 && (await tokens.renew(token))) requestReplay(response);
 * ```
 */
export function requestReplay(response: Response): void {
  replays.add(response);
}

/**
 * Whether a policy asked, with {@link requestReplay}, for `response`'s request to be sent again.
 *
 * @example
 * ```ts
 * if (replayRequested(response)) return next(request);
 * ```
 */
export function replayRequested(response: Response): boolean {
  return replays.has(response);
}

/**
 * The `fetch` to give openapi-fetch: each request it makes (an OutgoingRequest, or a real Request a middleware
 * returned) enters the pipeline `send`, its body read once into bytes that every attempt can send again.
 *
 * @example
 * ```ts
 * createOpenApiClient<paths>({ baseUrl, Request: OutgoingRequest as unknown as typeof Request, fetch: pipelineFetch(send) });
 * ```
 */
export function pipelineFetch(send: SendRequest): (request: Request | OutgoingRequest) => Promise<Response> {
  const enter = (request: Request | OutgoingRequest, body: ArrayBuffer | null) =>
    send({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
    });
  return (request) => {
    // Most requests (the GETs) have no body: no promise for reading one.
    if (request.body === null) return enter(request, null);
    // A body as serialized (a string, a form, ...) or a Request's stream: its bytes, and the media type fetch
    // would have given it.
    const read = new Response(request.body);
    const type = read.headers.get("content-type");
    if (type !== null && !request.headers.has("content-type")) request.headers.set("content-type", type);
    return read.arrayBuffer().then((body) => enter(request, body));
  };
}
