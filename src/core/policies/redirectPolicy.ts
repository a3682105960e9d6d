// The redirect policy: no redirect is followed. The API does not redirect, and a redirect to another origin
// would carry the bearer token there; the transport asks fetch not to follow (`redirect: "manual"`), and this
// policy turns what comes back into an InvalidResponseError that says where it pointed.
import { InvalidResponseError } from "../errors.js";
import { requestLabel } from "../networkError.js";
import type { PipelinePolicy } from "../pipeline.js";

/**
 * Rejects a redirect (3xx other than 304, or a browser's opaque redirect, which has no location) with an
 * {@link InvalidResponseError}; every other response passes.
 *
 * @example
 * ```ts
 * const send = composePipeline([redirectPolicy, bufferPolicy], fetchTransport(globalThis.fetch));
 * ```
 */
export const redirectPolicy: PipelinePolicy = async (request, next) => {
  const response = await next(request);
  const { status } = response;
  if (response.type !== "opaqueredirect" && (status < 300 || status > 399 || status === 304)) return response;
  const origin = new URL(request.url).origin;
  const target = new URL(response.headers.get("location") ?? "", request.url);
  throw new InvalidResponseError(
    `${requestLabel(request)}: refused to follow a redirect to ${target.origin === origin ? target.pathname : `another origin (${target.origin}), with the token`}`,
  );
};
