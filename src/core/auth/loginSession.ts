// A login session for `credentials`, after Azure's token cycler: one password login shared by concurrent first
// calls; a refresh with the refresh token shortly before the access token expires, during which (and after a
// failed refresh) the token keeps serving while it is still valid; a fresh login only when the refresh token is
// refused; and after a 401, the rejected token is never served again. For a user with multi-factor
// authentication (v8.1), the password login answers 200 with a challenge instead of tokens, and the login is
// completed with the user's code (../shared/reference/versions.md, "Multi-factor").
//
// The module is loaded by a client's first request (tokenSource.ts), so it imports nothing at run time: the error
// classes come with the call (`errors`), and a browser bundle keeps this chunk to itself.
import type { ApiError, InvalidResponseError, MfaRequiredError } from "../errors.js";
import type { TokenSource } from "./tokenSource.js";

/** The error classes a login session throws and recognizes (the package's own, passed in: see above). */
export interface LoginErrors {
  ApiError: typeof ApiError;
  InvalidResponseError: typeof InvalidResponseError;
  MfaRequiredError: typeof MfaRequiredError;
}

/** A one-time code of a user with multi-factor authentication, or a function asked for one when a login needs it. */
export type MfaCode = string | (() => string | Promise<string>);

/** A user name and password of a Veeam Backup for Microsoft Azure user (and their MFA code, if they have MFA). */
export interface Credentials {
  /** User name of a Veeam Backup for Microsoft Azure user. @example "backupadmin" */
  username: string;
  /** Never logged, never part of an error message or of `util.inspect` output. @example "s3cret!" */
  password: string;
  /**
   * For a user with multi-factor authentication (v6 and later): the 6-digit code of their authenticator app,
   * used for the first login only (a code is valid for seconds), or a function asked for a code once per login
   * that needs one (never for a user without MFA): a re-login, after the refresh token has expired, asks it
   * again. Like the password, never logged or part of an error.
   * @default undefined (a login that needs a code rejects with `MfaRequiredError`)
   * @example () => prompt("MFA code: ")
   */
  mfaCode?: MfaCode | undefined;
}

/** The form of `POST /api/oauth2/token` a login session sends. */
export type LoginForm =
  | { grant_type: "Password"; username: string; password: string }
  | { grant_type: "Refresh_token"; refresh_token: string }
  | { grant_type: "Mfa"; mfa_token: string; mfa_code: string };

/** What a login session needs of the token response. */
export interface IssuedToken {
  access_token: string;
  refresh_token: string;
  /** Lifetime of the access token, in seconds. */
  expires_in: number;
}

/** The answer to a password login for a user with MFA: no tokens yet, a token for the second step. */
export interface MfaChallenge {
  access_token?: undefined;
  mfa_enabled: true;
  mfa_token: string;
}

/** What the token operation may answer. */
export type LoginAnswer = IssuedToken | MfaChallenge;

const issued = (answer: LoginAnswer): answer is IssuedToken =>
  typeof answer.access_token === "string" && answer.access_token !== "";

// What the token operation's answer must be for a login session to use it: a multi-factor challenge (no access
// token, or an empty one, beside `mfa_enabled` and an `mfa_token`), or tokens with a lifetime.
function loginAnswer(value: unknown, { InvalidResponseError }: LoginErrors): LoginAnswer {
  const answer = value as Partial<Record<string, unknown>> | null;
  const challenge =
    answer?.mfa_enabled === true &&
    typeof answer.mfa_token === "string" &&
    answer.mfa_token !== "" &&
    !answer.access_token;
  const tokens =
    typeof answer?.access_token === "string" &&
    answer.access_token !== "" &&
    typeof answer.expires_in === "number" &&
    answer.expires_in > 0;
  if (!challenge && !tokens) {
    throw new InvalidResponseError(
      "POST /api/oauth2/token: the response is not a token (no access_token or expires_in) or a multi-factor challenge (mfa_enabled and mfa_token)",
    );
  }
  return answer as unknown as LoginAnswer;
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
 * A {@link TokenSource} that logs in with `credentials` through `postTokenForm` (which performs
 * `POST /api/oauth2/token` and resolves with the JSON answer) and keeps the tokens fresh.
 *
 * @example
 * ```ts
 * const tokens = loginSession({ username: "backupadmin", password }, postTokenForm, loginErrors);
 * ```
 */
export function loginSession(
  credentials: Credentials,
  postTokenForm: (form: LoginForm) => Promise<unknown>,
  errors: LoginErrors,
): TokenSource {
  const { username, password, mfaCode } = credentials;
  const { ApiError, InvalidResponseError, MfaRequiredError } = errors;
  const requestToken = async (form: LoginForm) => loginAnswer(await postTokenForm(form), errors);
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
  // A code given as a string is for one login: codes are valid for seconds, and an appliance may refuse one
  // used before. A later login that needs a code asks a function, or fails saying to give one.
  let codeSpent = false;
  const user = JSON.stringify(username);
  const mfaRequired = (spent: boolean) =>
    new MfaRequiredError(
      spent
        ? `POST /api/oauth2/token: user ${user} must log in again with a new multi-factor code, and the one in credentials.mfaCode was used already: pass a function that returns a fresh code`
        : `POST /api/oauth2/token: user ${user} has multi-factor authentication and no code was given: pass credentials.mfaCode (the code, or a function that returns it)`,
      username,
    );
  const askCode = async () => {
    if (mfaCode === undefined || codeSpent) throw mfaRequired(codeSpent);
    codeSpent = typeof mfaCode === "string";
    const code: unknown = typeof mfaCode === "function" ? await mfaCode() : mfaCode;
    if (typeof code !== "string") {
      throw new TypeError(
        `credentials.mfaCode must return a string (the user's MFA code), got ${typeof code}`,
      );
    }
    if (code.trim() === "") throw mfaRequired(false);
    return code.trim();
  };
  const login = async () => {
    const at = Date.now();
    const answer = await requestToken({ grant_type: "Password", username, password });
    if (issued(answer)) return store(answer, at);
    const code = await askCode();
    // The tokens' lifetime starts with this request, not before the user typed the code.
    const mfaAt = Date.now();
    const second = await requestToken({ grant_type: "Mfa", mfa_token: answer.mfa_token, mfa_code: code });
    if (!issued(second))
      throw new InvalidResponseError(
        "POST /api/oauth2/token: the MFA login answered with another challenge, not tokens",
      );
    return store(second, mfaAt);
  };
  const refresh = async (refreshToken: string) => {
    const at = Date.now();
    try {
      const answer = await requestToken({ grant_type: "Refresh_token", refresh_token: refreshToken });
      if (!issued(answer))
        throw new InvalidResponseError(
          "POST /api/oauth2/token: a refresh answered with a multi-factor challenge, not tokens",
        );
      return store(answer, at);
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
