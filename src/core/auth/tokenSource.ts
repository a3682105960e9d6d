// Where the auth policy gets tokens: a fixed token, a function the caller gives, or a login session.
import { ApiError, InvalidResponseError, MfaRequiredError } from "../errors.js";
import type { Credentials, LoginErrors, LoginForm } from "./loginSession.js";

/** The package's error classes, for the login session (which imports none itself). */
export const loginErrors: LoginErrors = { ApiError, InvalidResponseError, MfaRequiredError };

/** A source of access tokens. */
export interface TokenSource {
  /** The token to send now: at once when it has one, or once it has got one. */
  current(): string | Promise<string>;
  /**
   * After a 401 for a request sent with `rejected`: a new token to replay it with, or undefined for none.
   * `rejected` is not served again.
   */
  renew(rejected: string): Promise<string | undefined>;
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

/**
 * A login session (loginSession.ts) whose code is loaded when a client with credentials is created: a client
 * given a token, as most browser apps are, never loads it, and a bundler leaves it in a chunk of its own. Once
 * loaded, it is called directly, so a valid token is still served without waiting.
 *
 * @example
 * ```ts
 * const tokens = deferredLoginSession({ username: "backupadmin", password }, requestToken);
 * ```
 */
export function deferredLoginSession(
  credentials: Credentials,
  requestToken: (form: LoginForm) => Promise<unknown>,
): TokenSource {
  let session: TokenSource | undefined;
  let loading: Promise<TokenSource> | undefined;
  const load = () => {
    loading ??= import("./loginSession.js").then(
      ({ loginSession }) => (session = loginSession(credentials, requestToken, loginErrors)),
      (error: unknown) => {
        loading = undefined; // a chunk that failed to load (a browser offline) is fetched again next time
        throw error;
      },
    );
    return loading;
  };
  // Fetched now rather than by the first request, which then rarely waits for it (a failure here is reported
  // by that request, which tries again).
  load().catch(() => {});
  return {
    current: () => session?.current() ?? load().then((loaded) => loaded.current()),
    renew: async (rejected) => (session ?? (await load())).renew(rejected),
  };
}

/**
 * The token source the client options ask for: a login session for `credentials`, or the given `token`; a
 * TypeError, before any request, when they give neither, both, or a bad one.
 *
 * @example
 * ```ts
 * const tokens = tokenSourceFor({ token: "eyJhbGciOi..." }, requestToken);
 * ```
 */
export function tokenSourceFor(
  options: {
    token?: string | (() => string | Promise<string>) | undefined;
    credentials?: Credentials | undefined;
  },
  requestToken: (form: LoginForm) => Promise<unknown>,
): TokenSource {
  const { token, credentials } = options;
  if (token !== undefined && credentials !== undefined)
    throw new TypeError("pass either token or credentials, not both");
  if (credentials !== undefined) {
    for (const key of ["username", "password"] as const) {
      if (typeof credentials?.[key] !== "string" || credentials[key] === "") {
        throw new TypeError(`credentials.${key} must be a non-empty string`);
      }
    }
    const { mfaCode } = credentials;
    if (
      mfaCode !== undefined &&
      typeof mfaCode !== "function" &&
      (typeof mfaCode !== "string" || mfaCode.trim() === "")
    ) {
      throw new TypeError("credentials.mfaCode must be a non-empty string or a function that returns one");
    }
    return deferredLoginSession(
      { username: credentials.username, password: credentials.password, mfaCode },
      requestToken,
    );
  }
  if ((typeof token === "string" && token !== "") || typeof token === "function")
    return providedTokens(token);
  throw new TypeError("createClient needs a token (a string or a function) or credentials");
}
