// A login session for `credentials`, after Azure's token cycler: one password login shared by concurrent first
// calls; a refresh with the refresh token shortly before the access token expires, during which (and after a
// failed refresh) the token keeps serving while it is still valid; a fresh login only when the refresh token is
// refused; and after a 401, the rejected token is never served again.
import { ApiError } from "../errors.js";
import type { TokenSource } from "./tokenSource.js";

/** A user name and password of a Veeam Backup for Microsoft Azure user. */
export interface Credentials {
  /** User name of a Veeam Backup for Microsoft Azure user. @example "backupadmin" */
  username: string;
  /** Never logged, never part of an error message or of `util.inspect` output. @example "s3cret!" */
  password: string;
}

/** The form of `POST /api/oauth2/token` a login session sends. */
export type LoginForm =
  | { grant_type: "Password"; username: string; password: string }
  | { grant_type: "Refresh_token"; refresh_token: string };

/** What a login session needs of the token response. */
export interface IssuedToken {
  access_token: string;
  refresh_token: string;
  /** Lifetime of the access token, in seconds. */
  expires_in: number;
}

interface Tokens {
  access: string;
  refresh: string;
  /** From then on a request starts a refresh in the background. */
  refreshAt: number;
  /** From then on a request waits for a new token. */
  expiresAt: number;
}

/** How long after a failed background refresh the next one may start. */
export const refreshRetryMs = 5_000;
// Renew a minute before expiry, or after 90% of a lifetime shorter than ten minutes; a token in its last five
// seconds (or 5% of a short lifetime) is treated as expired, since a request sent with it may arrive too late.
const refreshMargin = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);
const expiryMargin = (lifetimeMs: number) => Math.min(5_000, lifetimeMs / 20);

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
  requestToken: (form: LoginForm) => Promise<IssuedToken>,
): TokenSource {
  let tokens: Tokens | undefined;
  let pending: Promise<Tokens> | undefined;
  let nextRefresh = 0;

  const store = (response: IssuedToken, requestedAt: number): Tokens => {
    const lifetimeMs = response.expires_in * 1000;
    tokens = {
      access: response.access_token,
      refresh: response.refresh_token,
      refreshAt: requestedAt + lifetimeMs - refreshMargin(lifetimeMs),
      expiresAt: requestedAt + lifetimeMs - expiryMargin(lifetimeMs),
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
  // One token request at a time: concurrent callers share the login or refresh under way.
  const renewal = () => {
    const held = tokens;
    pending ??= (held ? refresh(held.refresh) : login()).finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    current() {
      const now = Date.now();
      if (tokens && now < tokens.expiresAt) {
        if (now >= tokens.refreshAt && !pending && now >= nextRefresh) {
          // In the background: the token still serves while it runs, and after it fails.
          renewal().catch(() => {
            nextRefresh = Date.now() + refreshRetryMs;
          });
        }
        return tokens.access;
      }
      return renewal().then((fresh) => fresh.access);
    },
    async renew(rejected) {
      if (tokens && tokens.access === rejected) {
        // Refused by the appliance: never serve it again, whatever its expiry says.
        tokens = { ...tokens, refreshAt: Number.NEGATIVE_INFINITY, expiresAt: Number.NEGATIVE_INFINITY };
      }
      if (tokens && Date.now() < tokens.expiresAt) return tokens.access; // renewed meanwhile
      return (await renewal()).access;
    },
  };
}
