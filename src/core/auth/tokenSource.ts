// Where the auth policy gets tokens: a fixed token, a function the caller gives, or a login session.
import { type Credentials, type IssuedToken, type LoginForm, loginSession } from "./loginSession.js";

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
  requestToken: (form: LoginForm) => Promise<IssuedToken>,
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
    return loginSession({ username: credentials.username, password: credentials.password }, requestToken);
  }
  if ((typeof token === "string" && token !== "") || typeof token === "function")
    return providedTokens(token);
  throw new TypeError("createClient needs a token (a string or a function) or credentials");
}
