// The login session with an in-memory token endpoint and a fake clock: one shared login, a background refresh
// shortly before expiry while the valid token keeps serving (after a failed refresh too), a wait for a new token
// once it has expired, a login again when the refresh token is refused, and after a 401 the rejected token never
// served again.
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import {
  type IssuedToken,
  type LoginForm,
  loginSession,
  refreshRetryMs,
} from "../../../src/core/auth/loginSession.js";
import { loginErrors } from "../../../src/core/auth/tokenSource.js";
import { NetworkError } from "../../../src/core/errors.js";
import { type Deferred, deferred } from "../../helpers/deferred.js";
import { at, refreshGrant, tokenError, useFakeClock } from "../../helpers/loginFakes.js";

const credentials = { username: "backupadmin", password: "test-only-password" };
const passwordGrant = { grant_type: "Password", username: "backupadmin", password: "test-only-password" };

/** Lets every settled promise's reactions run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));
/** A promise the test checks later: its rejection before then is not reported as unhandled. */
function watched<T>(value: T | Promise<T>): T | Promise<T> {
  if (value instanceof Promise) value.catch(() => {});
  return value;
}

/**
 * A token endpoint the test answers request by request: `issue` gives the oldest open request the next token
 * (access-1, refresh-1, then access-2, refresh-2, ...), `fail` rejects it.
 */
function tokenEndpoint(expiresIn = 3600) {
  const open: Deferred<IssuedToken>[] = [];
  let issued = 0;
  const requestToken = vi.fn((_form: LoginForm) => {
    const answer = deferred<IssuedToken>();
    open.push(answer);
    return answer.promise;
  });
  const oldest = () => {
    const answer = open.shift();
    if (!answer) throw new Error("no token request is open");
    return answer;
  };
  return {
    requestToken,
    forms: () => requestToken.mock.calls.map(([form]) => form),
    async issue(lifetime = expiresIn) {
      issued++;
      oldest().resolve({
        access_token: `access-${issued}`,
        refresh_token: `refresh-${issued}`,
        expires_in: lifetime,
      });
      await flush();
    },
    async fail(error: unknown) {
      oldest().reject(error);
      await flush();
    },
  };
}

/** A session logged in at t0 with access-1, whose token lives `expiresIn` seconds. */
async function loggedIn(expiresIn = 3600) {
  const endpoint = tokenEndpoint(expiresIn);
  const session = loginSession(credentials, endpoint.requestToken, loginErrors);
  const first = session.current();
  await endpoint.issue();
  await expect(first).resolves.toBe("access-1");
  return { endpoint, session };
}

// For a lifetime of one hour: a refresh from 60 s before expiry, a wait from 5 s before.
const refreshAt = 3_540_000;
const expiresAt = 3_595_000;

useFakeClock();

describe("the first login", () => {
  it("logs in with the Password grant and the credentials, nothing else", async () => {
    const endpoint = tokenEndpoint();
    const session = loginSession(credentials, endpoint.requestToken, loginErrors);
    expect(endpoint.requestToken).not.toHaveBeenCalled();
    const token = session.current();
    expect(token).toBeInstanceOf(Promise);
    await endpoint.issue();
    await expect(token).resolves.toBe("access-1");
    expect(endpoint.forms()).toEqual([passwordGrant]);
  });

  it("is shared by concurrent first callers", async () => {
    const endpoint = tokenEndpoint();
    const session = loginSession(credentials, endpoint.requestToken, loginErrors);
    const callers = Array.from({ length: 5 }, () => session.current());
    expect(endpoint.requestToken).toHaveBeenCalledTimes(1);
    await endpoint.issue();
    await expect(Promise.all(callers)).resolves.toEqual(Array(5).fill("access-1"));
    expect(endpoint.forms()).toEqual([passwordGrant]);
  });

  it("serves the token at once afterwards, without another request", async () => {
    const { endpoint, session } = await loggedIn();
    at(1_000);
    expect(session.current()).toBe("access-1");
    expect(session.current()).toBe("access-1");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(1);
  });

  it("rejects every waiting caller with the login's own error, and the next call logs in again", async () => {
    const endpoint = tokenEndpoint();
    const session = loginSession(credentials, endpoint.requestToken, loginErrors);
    const callers = [watched(session.current()), watched(session.current())];
    const refused = tokenError(401);
    await endpoint.fail(refused);
    for (const caller of callers) await expect(caller).rejects.toBe(refused);
    const again = session.current();
    expect(endpoint.forms()).toEqual([passwordGrant, passwordGrant]);
    await endpoint.issue();
    await expect(again).resolves.toBe("access-1");
  });

  it("never shows the password or a token when inspected", async () => {
    const { session } = await loggedIn();
    const text = inspect(session, { depth: 10, showHidden: true });
    expect(text).not.toContain(credentials.password);
    expect(text).not.toContain("access-1");
    expect(text).not.toContain("refresh-1");
  });
});

describe("the background refresh", () => {
  it("starts at refreshAt with the stored refresh token, while the valid token keeps serving", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    expect(session.current()).toBe("access-1");
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1)]);
  });

  it("does not start one millisecond before refreshAt", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt - 1);
    expect(session.current()).toBe("access-1");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(1);
  });

  it("runs once however many callers come while it runs", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    const tokens = Array.from({ length: 5 }, () => session.current());
    at(refreshAt + 1_000);
    tokens.push(session.current());
    expect(tokens).toEqual(Array(6).fill("access-1"));
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
  });

  it("serves the new token once it resolves, and the next refresh uses the new refresh token", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    await endpoint.issue();
    expect(session.current()).toBe("access-2");
    // The new token's times count from its refresh, which started at refreshAt.
    at(refreshAt + refreshAt - 1);
    expect(session.current()).toBe("access-2");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
    at(refreshAt + refreshAt);
    expect(session.current()).toBe("access-2");
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), refreshGrant(2)]);
  });

  it("counts a token's times from when it was requested, not from when it arrived", async () => {
    const endpoint = tokenEndpoint();
    const session = loginSession(credentials, endpoint.requestToken, loginErrors);
    const first = session.current();
    at(30_000); // a slow login
    await endpoint.issue();
    await expect(first).resolves.toBe("access-1");
    at(refreshAt - 1);
    session.current();
    expect(endpoint.requestToken).toHaveBeenCalledTimes(1);
    at(refreshAt);
    session.current();
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
  });

  it("keeps the old token serving after it fails, and tries again only after refreshRetryMs", async () => {
    expect(refreshRetryMs).toBe(5_000);
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    at(refreshAt + 2_000); // the refresh fails two seconds after it started
    await endpoint.fail(tokenError(500));
    expect(session.current()).toBe("access-1");
    at(refreshAt + 2_000 + refreshRetryMs - 1);
    expect(session.current()).toBe("access-1");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
    at(refreshAt + 2_000 + refreshRetryMs);
    expect(session.current()).toBe("access-1");
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), refreshGrant(1)]);
    await endpoint.issue();
    expect(session.current()).toBe("access-2");
  });

  it("keeps the old token serving after a network error too", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    await endpoint.fail(new NetworkError("POST /api/oauth2/token: no response", "ECONNRESET"));
    expect(session.current()).toBe("access-1");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
  });

  it("logs in instead when the refresh token is refused, and serves the new login's token", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    await endpoint.fail(tokenError(401));
    expect(session.current()).toBe("access-1");
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), passwordGrant]);
    await endpoint.issue();
    expect(session.current()).toBe("access-2");
  });

  it("after a failed login in its place, waits refreshRetryMs too", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    await endpoint.fail(tokenError(400));
    await endpoint.fail(tokenError(503));
    at(refreshAt + refreshRetryMs - 1);
    expect(session.current()).toBe("access-1");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(3);
    at(refreshAt + refreshRetryMs);
    session.current();
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), passwordGrant, refreshGrant(1)]);
  });
});

describe("an expired token", () => {
  it("is still served one millisecond before expiresAt", async () => {
    const { session } = await loggedIn();
    at(expiresAt - 1);
    expect(session.current()).toBe("access-1");
  });

  it("is not served from expiresAt: current() waits for the refresh and gets the new token", async () => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt);
    const callers = [session.current(), session.current()];
    expect(callers[0]).toBeInstanceOf(Promise);
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1)]);
    await endpoint.issue();
    await expect(Promise.all(callers)).resolves.toEqual(["access-2", "access-2"]);
    expect(session.current()).toBe("access-2");
  });

  it("waits for a background refresh already under way instead of starting another", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    at(expiresAt);
    const waiting = session.current();
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
    await endpoint.issue();
    await expect(waiting).resolves.toBe("access-2");
  });

  it("waits even within the pause after a failed background refresh", async () => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt - 1_000);
    session.current();
    await endpoint.fail(tokenError(500));
    at(expiresAt);
    const waiting = session.current();
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), refreshGrant(1)]);
    await endpoint.issue();
    await expect(waiting).resolves.toBe("access-2");
  });

  it("makes current() reject with the refresh's error when it fails", async () => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt);
    const callers = [watched(session.current()), watched(session.current())];
    const failure = tokenError(500);
    await endpoint.fail(failure);
    for (const caller of callers) await expect(caller).rejects.toBe(failure);
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1)]);
    // The next call tries again rather than serving the expired token.
    const again = session.current();
    expect(again).toBeInstanceOf(Promise);
    await endpoint.issue();
    await expect(again).resolves.toBe("access-2");
  });
});

describe("a refused refresh token", () => {
  it.each([400, 401])("falls back to a Password login after an ApiError %i", async (status) => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt);
    const waiting = session.current();
    await endpoint.fail(tokenError(status));
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), passwordGrant]);
    await endpoint.issue();
    await expect(waiting).resolves.toBe("access-2");
  });

  it("rejects with the login's error when that login fails too", async () => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt);
    const waiting = watched(session.current());
    await endpoint.fail(tokenError(401));
    const loginRefused = tokenError(401);
    await endpoint.fail(loginRefused);
    await expect(waiting).rejects.toBe(loginRefused);
    expect(endpoint.requestToken).toHaveBeenCalledTimes(3);
  });

  it.each([
    ["an ApiError 403", tokenError(403)],
    ["an ApiError 500", tokenError(500)],
    ["a NetworkError", new NetworkError("POST /api/oauth2/token: no response", "ECONNREFUSED")],
    ["another error with status 401", Object.assign(new Error("not an ApiError"), { status: 401 })],
  ])("is not what %s means: no login, the error is the caller's", async (_what, failure) => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt);
    const waiting = watched(session.current());
    await endpoint.fail(failure);
    await expect(waiting).rejects.toBe(failure);
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1)]);
  });
});

describe("margins", () => {
  // refreshAt is lifetime - min(60 s, 10% of lifetime), expiresAt is lifetime - min(5 s, 5% of lifetime).
  it.each([
    [10, 9_000, 9_500],
    [100, 90_000, 95_000],
    [1_200, 1_140_000, 1_195_000],
    [3_600, 3_540_000, 3_595_000],
  ])(
    "for a lifetime of %i s: refresh from %i ms, wait from %i ms",
    async (lifetime, refreshFrom, waitFrom) => {
      const { endpoint, session } = await loggedIn(lifetime);
      at(refreshFrom - 1);
      expect(session.current()).toBe("access-1");
      expect(endpoint.requestToken).toHaveBeenCalledTimes(1);
      at(refreshFrom);
      expect(session.current()).toBe("access-1");
      expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
      at(waitFrom - 1);
      expect(session.current()).toBe("access-1");
      at(waitFrom);
      const waiting = session.current();
      expect(waiting).toBeInstanceOf(Promise);
      expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
      await endpoint.issue();
      await expect(waiting).resolves.toBe("access-2");
    },
  );
});

describe("renew after a 401", () => {
  it("never serves the rejected token again: it refreshes, and a concurrent current() waits for it", async () => {
    const { endpoint, session } = await loggedIn();
    at(1_000);
    const renewed = session.renew("access-1");
    const waiting = session.current();
    expect(waiting).toBeInstanceOf(Promise);
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1)]);
    await endpoint.issue();
    await expect(renewed).resolves.toBe("access-2");
    await expect(waiting).resolves.toBe("access-2");
    expect(session.current()).toBe("access-2");
  });

  it("logs in when the refresh is refused", async () => {
    const { endpoint, session } = await loggedIn();
    const renewed = session.renew("access-1");
    await endpoint.fail(tokenError(401));
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), passwordGrant]);
    await endpoint.issue();
    await expect(renewed).resolves.toBe("access-2");
  });

  it("shares one renewal between concurrent renews", async () => {
    const { endpoint, session } = await loggedIn();
    const renewed = [session.renew("access-1"), session.renew("access-1"), session.renew("access-1")];
    await endpoint.issue();
    await expect(Promise.all(renewed)).resolves.toEqual(["access-2", "access-2", "access-2"]);
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
  });

  it("shares a background refresh already under way", async () => {
    const { endpoint, session } = await loggedIn();
    at(refreshAt);
    session.current();
    const renewed = session.renew("access-1");
    await endpoint.issue();
    await expect(renewed).resolves.toBe("access-2");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
  });

  it("returns the current token without a request when the token has changed since", async () => {
    const { endpoint, session } = await loggedIn();
    const first = session.renew("access-1");
    await endpoint.issue();
    await expect(first).resolves.toBe("access-2");
    const renewed = [session.renew("access-1"), session.renew("some-other-token")];
    expect(endpoint.requestToken).toHaveBeenCalledTimes(2);
    await expect(Promise.all(renewed)).resolves.toEqual(["access-2", "access-2"]);
  });

  it("renews all the same when the token has changed but the current one has expired", async () => {
    const { endpoint, session } = await loggedIn();
    at(expiresAt - 1);
    const fresh = session.renew("older-token");
    expect(endpoint.requestToken).toHaveBeenCalledTimes(1);
    await expect(fresh).resolves.toBe("access-1");
    at(expiresAt);
    const renewed = session.renew("older-token");
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1)]);
    await endpoint.issue();
    await expect(renewed).resolves.toBe("access-2");
  });

  it("logs in when there is no token yet", async () => {
    const endpoint = tokenEndpoint();
    const session = loginSession(credentials, endpoint.requestToken, loginErrors);
    const renewed = session.renew("a-token-from-elsewhere");
    expect(endpoint.forms()).toEqual([passwordGrant]);
    await endpoint.issue();
    await expect(renewed).resolves.toBe("access-1");
  });

  it("rejects with the renewal's error, and the rejected token stays unserved", async () => {
    const { endpoint, session } = await loggedIn();
    const renewed = watched(session.renew("access-1"));
    const failure = tokenError(500);
    await endpoint.fail(failure);
    await expect(renewed).rejects.toBe(failure);
    const waiting = session.current();
    expect(waiting).toBeInstanceOf(Promise);
    expect(endpoint.forms()).toEqual([passwordGrant, refreshGrant(1), refreshGrant(1)]);
    await endpoint.issue();
    await expect(waiting).resolves.toBe("access-2");
  });
});
