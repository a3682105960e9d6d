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
  const location = response.headers.get("location");
  let target: URL | undefined;
  try {
    target = location === null ? undefined : new URL(location, request.url);
  } catch {
    // Not a URL at all: no target.
  }
  let refusal: string;
  if (target !== undefined) {
    const where =
      target.origin === origin ? target.pathname : `another origin (${target.origin}), with the token`;
    refusal = `refused to follow a redirect to ${where}`;
  } else if (response.type === "opaqueredirect") {
    refusal = "refused to follow a redirect (the browser does not say where to)";
  } else {
    const invalid =
      location === null ? "no Location" : `an invalid Location ${JSON.stringify(location.slice(0, 100))}`;
    refusal = `refused a ${status} redirect with ${invalid}`;
  }
  throw new InvalidResponseError(`${requestLabel(request)}: ${refusal}`);
};
