// Logins and bearer tokens (versions.md, "Authentication in v8.1"). Without users, any login succeeds and any
// bearer token is accepted, so `curl -H 'Authorization: Bearer x'` works; with users, only tokens issued to them
// count, until they expire or are revoked. An MFA user's password answers 200 with an `mfa_token` and no access
// token; the `Mfa` grant with that token and the user's code answers the tokens.
import type { MockUser } from "./types.js";

/** Refresh tokens last 14 days by default (versions.md); MFA tokens are short-lived (5 minutes, assumed). */
const refreshTtlMs = 14 * 24 * 3_600_000;
const mfaTtlMs = 5 * 60_000;

interface Grant {
  username: string;
  expiresAt: number;
}

/** The outcome of a token request: the body to answer 200 with, or why it is refused (a 401). */
export type LoginOutcome = { body: Record<string, unknown> } | { refused: string };

/** The users' fixed ids (a uuid per user, from its position). */
const userIdOf = (index: number) => `6c1f0e2d-4b3a-4c5d-8e7f-${(index + 1).toString(16).padStart(12, "0")}`;

/**
 * The token state of one mock appliance.
 *
 * @example
 * ```ts
 * const tokens = new Tokens(users, 3600, () => clock.now(), random, false);
 * tokens.login({ grant_type: "Password", username: "backupadmin", password: "s3cret" });
 * ```
 */
export class Tokens {
  readonly #users: readonly MockUser[];
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #v1: boolean;
  #access = new Map<string, Grant>();
  #refresh = new Map<string, Grant>();
  #mfa = new Map<string, Grant>();
  #issued = 0;

  /** Tokens for `users`, lasting `ttlSeconds`; `v1` answers v1's smaller token response. */
  constructor(
    users: readonly MockUser[],
    ttlSeconds: number,
    now: () => number,
    random: () => number,
    v1: boolean,
  ) {
    this.#users = users;
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = now;
    this.#random = random;
    this.#v1 = v1;
  }

  /** Whether `token` may call the API now. */
  accepts(token: string): boolean {
    if (this.#users.length === 0) return token.length > 0;
    const grant = this.#access.get(token);
    return grant !== undefined && grant.expiresAt > this.#now();
  }

  /** Forgets every token issued so far. */
  revoke(): void {
    this.#access.clear();
    this.#refresh.clear();
    this.#mfa.clear();
  }

  #token(kind: string): string {
    this.#issued++;
    const noise = Math.floor(this.#random() * 2 ** 48).toString(36);
    return Buffer.from(`mock-${kind}-${this.#issued}-${noise}`).toString("base64url");
  }

  #issue(username: string): Record<string, unknown> {
    const now = this.#now();
    const access = this.#token("access");
    const refresh = this.#token("refresh");
    this.#access.set(access, { username, expiresAt: now + this.#ttlMs });
    this.#refresh.set(refresh, { username, expiresAt: now + refreshTtlMs });
    const times = {
      ".issued": new Date(now).toISOString(),
      ".expires": new Date(now + this.#ttlMs).toISOString(),
    };
    const body = {
      access_token: access,
      token_type: "bearer",
      refresh_token: refresh,
      expires_in: this.#ttlMs / 1000,
      ...times,
    };
    if (this.#v1) return body;
    const index = this.#users.findIndex((user) => user.username === username);
    return {
      ...body,
      userId: userIdOf(Math.max(index, 0)),
      username,
      roleName: "PortalAdmin",
      userType: "Internal",
      latestNewsShown: true,
      mfa_enabled: this.#users[index]?.mfaCode !== undefined,
      shortLived: false,
    };
  }

  /** Answers a token request whose form fields passed the spec's validation. */
  login(form: Record<string, string>): LoginOutcome {
    const now = this.#now();
    const open = this.#users.length === 0;
    switch (form.grant_type) {
      case "Password": {
        const username = form.username ?? "";
        if (open) return { body: this.#issue(username) };
        const index = this.#users.findIndex((u) => u.username === username && u.password === form.password);
        const user = this.#users[index];
        if (!user) return { refused: "The user name or password is incorrect." };
        if (user.mfaCode === undefined) return { body: this.#issue(username) };
        const mfaToken = this.#token("mfa");
        this.#mfa.set(mfaToken, { username, expiresAt: now + mfaTtlMs });
        return {
          body: {
            token_type: "bearer",
            expires_in: 0,
            ".issued": "0001-01-01T00:00:00Z",
            ".expires": "0001-01-01T00:00:00Z",
            userId: userIdOf(index),
            username,
            roleName: "PortalAdmin",
            userType: "Internal",
            latestNewsShown: true,
            mfa_enabled: true,
            mfa_token: mfaToken,
            shortLived: false,
          },
        };
      }
      case "Mfa": {
        if (open) return { body: this.#issue("mfa-user") };
        const grant = this.#mfa.get(form.mfa_token ?? "");
        if (!grant || grant.expiresAt <= now) return { refused: "The MFA token is invalid or has expired." };
        const user = this.#users.find((u) => u.username === grant.username);
        if (user?.mfaCode !== form.mfa_code) return { refused: "The verification code is incorrect." };
        this.#mfa.delete(form.mfa_token ?? "");
        return { body: this.#issue(grant.username) };
      }
      default: {
        if (open) return { body: this.#issue("refreshed-user") };
        const token = form.refresh_token ?? "";
        const grant = this.#refresh.get(token);
        if (!grant || grant.expiresAt <= now)
          return { refused: "The refresh token is invalid or has expired." };
        // Refresh tokens are used once: the answer carries a new one.
        this.#refresh.delete(token);
        return { body: this.#issue(grant.username) };
      }
    }
  }
}
