// The authentication policy, as openapi-fetch middleware: every request but the token request carries
// `Authorization: Bearer <token>`; after a 401, the token is renewed once (where the source of tokens can renew
// it) and the request replayed once.
import type { Middleware } from "openapi-fetch";

/** A source of access tokens. */
export interface TokenSource {
  /** The token to send now. */
  current(): Promise<string>;
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
  const sent = new WeakMap<Request, { token: string; copy: Request | undefined }>();
  return {
    async onRequest({ request, schemaPath }) {
      if (schemaPath === tokenPath) return undefined;
      const token = await untilAborted(tokens.current(), request.signal);
      request.headers.set("Authorization", `Bearer ${token}`);
      sent.set(request, { token, copy: request.body ? request.clone() : undefined });
      return request;
    },
    async onResponse({ request, response, options }) {
      const first = sent.get(request);
      if (response.status !== 401 || !first) return undefined;
      const token = await tokens.renew(first.token);
      if (token === undefined) return undefined;
      const replay = (first.copy ?? request).clone();
      replay.headers.set("Authorization", `Bearer ${token}`);
      return options.fetch(replay);
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
  const current = async () => {
    const value = typeof token === "function" ? await token() : token;
    if (typeof value !== "string" || value === "") {
      throw new TypeError("the token provider must return a non-empty string");
    }
    return value;
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
