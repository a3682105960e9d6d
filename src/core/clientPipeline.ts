// The client's pipeline, in its one declared order (outermost first):
//   retry    one loop for every attempt of a request, replays after a 401 included
//   auth     the bearer token (a given one, or the login session's); asks for a replay after a 401
//   timeout  a time limit per attempt, body included, combined with the caller's signal
//   redirect none is followed
//   buffer   the whole body read, so that the attempt's time limit and retry judgement cover it
//   fetch    the transport: the global fetch, a given one, or the TLS fetch for `ca`; its answer normalized
// Every request the client sends goes through it: the methods', `client.api`'s and the token request itself.
import type { TokenSource } from "./auth/tokenSource.js";
import { fetchTransport } from "./fetchTransport.js";
import type { ResolvedOptions } from "./options.js";
import type { OutgoingRequest } from "./outgoingRequest.js";
import { composePipeline, type PipelinePolicy, pipelineFetch } from "./pipeline.js";
import { authPolicy } from "./policies/authPolicy.js";
import { bufferPolicy } from "./policies/bufferPolicy.js";
import { redirectPolicy } from "./policies/redirectPolicy.js";
import { retryPolicy } from "./policies/retryPolicy.js";
import { timeoutPolicy } from "./policies/timeoutPolicy.js";

/** The token operation, the same in every API version; it authenticates with its form, not a bearer token. */
export const tokenPath = "/api/oauth2/token";

/**
 * The policies of a client, in the order they apply (outermost first).
 *
 * @example
 * ```ts
 * const send = composePipeline(clientPolicies(resolved, tokens), fetchTransport(resolved.fetch));
 * ```
 */
export function clientPolicies(options: ResolvedOptions, tokens: TokenSource): PipelinePolicy[] {
  return [
    retryPolicy(options.retry),
    authPolicy(tokens, (url) => url.endsWith(tokenPath)),
    timeoutPolicy(options.timeoutMs),
    redirectPolicy,
    bufferPolicy,
  ];
}

/**
 * The `fetch` for the client's openapi-fetch transport: every request through {@link clientPolicies}, then
 * the options' fetch.
 *
 * @example
 * ```ts
 * const api = createOpenApiClient<paths>({ baseUrl, fetch: clientFetch(resolved, tokens) });
 * ```
 */
export function clientFetch(
  options: ResolvedOptions,
  tokens: TokenSource,
): (request: Request | OutgoingRequest) => Promise<Response> {
  return pipelineFetch(composePipeline(clientPolicies(options, tokens), fetchTransport(options.fetch)));
}
