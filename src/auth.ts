// The authentication policy, as openapi-fetch middleware: every request but the token request carries
// `Authorization: Bearer <token>`; after a 401, the token is renewed once (where the source of tokens can renew
// it) and the request replayed once.
import type { Middleware } from "openapi-fetch";

/** A source of access tokens. */
export interface TokenSource {
  /** The token to send now: at once when it has one, or once it has got one. */
  current(): string | Promise<string>;
  /** After a 401 for a request sent with `rejected`: a new token to replay it with, or undefined for none. */
  renew(rejected: string): Promise<string | undefined>;
}

/** The token operation authenticates with the form body itself; it must not carry (or renew) a bearer token. */
export const tokenPath = "/api/oauth2/token";

// A login is shared by every request waiting for it, so one caller's abort must not cancel it; the caller
// stops waiting instead.
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Makes the auth middleware for a {@link TokenSource}.
 *
 * @example
 * ```ts
 * api.use(authMiddleware(staticToken("eyJhbGciOi...")));
 * ```
 */
export function authMiddleware(tokens: TokenSource): Middleware {
  // A copy of each request that has a body, to replay it after a 401 (fetch consumes the original's).
  const copies = new WeakMap<Request, Request>();
  const authorize = (request: Request, token: string) => {
    request.headers.set("Authorization", `Bearer ${token}`);
    if (request.body) copies.set(request, request.clone());
    return request;
  };
  return {
    onRequest({ request, schemaPath }) {
      if (schemaPath === tokenPath) return undefined;
      const token = tokens.current();
      // Most requests have a token at hand: no promise, no listener on the caller's signal.
      if (typeof token === "string") return authorize(request, token);
      return untilAborted(token, request.signal).then((value) => authorize(request, value));
    },
    onResponse({ request, response, options }) {
      if (response.status !== 401) return undefined; // synchronously: no promise on the common path
      const sent = request.headers.get("Authorization");
      if (!sent?.startsWith("Bearer ")) return undefined;
      return tokens.renew(sent.slice("Bearer ".length)).then((token) => {
        if (token === undefined) return undefined;
        const replay = (copies.get(request) ?? request).clone();
        replay.headers.set("Authorization", `Bearer ${token}`);
        return options.fetch(replay);
      });
    },
  };
}

/**
 * A {@link TokenSource} for a fixed token, or for a function called before every request (which may return a
 * fresh token; after a 401 it is asked once more, and the request replayed if the token changed).
 *
 * @example
 * ```ts
 * providedTokens(() => vault.read("veeam-token"));
 * ```
 */
export function providedTokens(token: string | (() => string | Promise<string>)): TokenSource {
  const checked = (value: unknown) => {
    if (typeof value !== "string" || value === "") {
      throw new TypeError("the token provider must return a non-empty string");
    }
    return value;
  };
  const current = () => {
    if (typeof token === "string") return token;
    const value: unknown = token();
    return typeof (value as PromiseLike<unknown> | undefined)?.then === "function"
      ? Promise.resolve(value).then(checked)
      : checked(value);
  };
  return {
    current,
    async renew(rejected) {
      if (typeof token !== "function") return undefined;
      const fresh = await current();
      return fresh === rejected ? undefined : fresh;
    },
  };
}
