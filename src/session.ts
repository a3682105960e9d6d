// A login session for `credentials`: one password login shared by concurrent first calls, a refresh with the
// refresh token shortly before the access token expires, and a fresh login when the appliance rejects a token.
import type { TokenSource } from "./auth.js";
import { ApiError } from "./errors.js";
import type { TokenRequest, TokenResponse } from "./models.js";

/** A user name and password of a Veeam Backup for Microsoft Azure user. */
export interface Credentials {
  /** User name of a Veeam Backup for Microsoft Azure user. @example "backupadmin" */
  username: string;
  /** Never logged, never part of an error message or of `util.inspect` output. */
  password: string;
}

interface Tokens {
  access: string;
  refresh: string;
  renewAt: number;
}

// Renew a minute before expiry, or after 90% of a lifetime shorter than ten minutes.
const renewalMargin = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);

/**
 * A {@link TokenSource} that logs in with `credentials` through `requestToken` (which performs
 * `POST /api/oauth2/token`) and keeps the tokens fresh.
 *
 * @example
 * ```ts
 * const tokens = loginSession({ username: "backupadmin", password }, (form) => postTokenForm(form));
 * ```
 */
export function loginSession(
  credentials: Credentials,
  requestToken: (form: TokenRequest) => Promise<TokenResponse>,
): TokenSource {
  let tokens: Tokens | undefined;
  let pending: Promise<Tokens> | undefined;

  const store = (response: TokenResponse, requestedAt: number): Tokens => {
    const lifetimeMs = response.expires_in * 1000;
    tokens = {
      access: response.access_token,
      refresh: response.refresh_token,
      renewAt: requestedAt + lifetimeMs - renewalMargin(lifetimeMs),
    };
    return tokens;
  };
  const login = async () => {
    const at = Date.now();
    return store(await requestToken({ grant_type: "Password", ...credentials }), at);
  };
  const refresh = async (refreshToken: string) => {
    const at = Date.now();
    try {
      return store(await requestToken({ grant_type: "Refresh_token", refresh_token: refreshToken }), at);
    } catch (error) {
      // An expired or revoked refresh token: log in again instead.
      if (error instanceof ApiError && (error.status === 400 || error.status === 401)) return login();
      throw error;
    }
  };
  // One request at a time: concurrent callers share the login or refresh under way.
  const once = (work: () => Promise<Tokens>) => {
    pending ??= work().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    current() {
      if (tokens && Date.now() < tokens.renewAt) return tokens.access;
      const stale = tokens;
      return once(() => (stale ? refresh(stale.refresh) : login())).then((fresh) => fresh.access);
    },
    async renew(rejected) {
      if (tokens && tokens.access !== rejected) return tokens.access;
      return (await once(login)).access;
    },
  };
}
