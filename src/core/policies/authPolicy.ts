// The auth policy: every request but the token request carries `Authorization: Bearer <token>`. After a 401,
// the token source renews the token (where it can) and the policy asks the retry policy for one more attempt,
// which then goes through this policy again with the new token; once per request, so an appliance that refuses
// every token costs one renewal, not one per attempt.
import type { TokenSource } from "../auth/tokenSource.js";
import type { PipelinePolicy, PipelineRequest, SendRequest } from "../pipeline.js";
import { requestReplay } from "../pipeline.js";
import { untilAborted } from "../untilAborted.js";

/**
 * Makes the auth policy for a {@link TokenSource}. `isTokenRequest` tells the token request (which
 * authenticates with its form body, and must neither carry nor renew a bearer token) by its URL.
 *
 * @example
 * ```ts
 * const auth = authPolicy(providedTokens("eyJhbGciOi..."), (url) => url.endsWith("/api/oauth2/token"));
 * ```
 */
export function authPolicy(tokens: TokenSource, isTokenRequest: (url: string) => boolean): PipelinePolicy {
  // The requests replayed after a 401 already (the retry policy hands every attempt the same request object).
  const replayed = new WeakSet<PipelineRequest>();
  const send = async (request: PipelineRequest, token: string, next: SendRequest) => {
    request.headers.set("Authorization", `Bearer ${token}`);
    const response = await next(request);
    if (response.status !== 401 || replayed.has(request)) return response;
    if ((await untilAborted(tokens.renew(token), request.signal)) !== undefined) {
      replayed.add(request);
      requestReplay(response);
    }
    return response;
  };
  return (request, next) => {
    let token: string | Promise<string>;
    try {
      if (isTokenRequest(request.url)) return next(request);
      token = tokens.current();
    } catch (error) {
      return Promise.reject(error); // a policy answers with a promise, a failed one included
    }
    // Most requests have a token at hand: no promise, no listener on the caller's signal.
    if (typeof token === "string") return send(request, token, next);
    return untilAborted(token, request.signal).then((value) => send(request, value, next));
  };
}
