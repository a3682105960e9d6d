// The login session for a user with multi-factor authentication, with an in-memory token endpoint and a fake
// clock: a Password grant answered 200 with a challenge (`mfa_enabled`, `mfa_token`, `expires_in: 0`, no access
// token) is completed with the Mfa grant and the user's code; the code (or the function that gives it) is asked
// once per login that needs one and never otherwise; and neither the challenge's token nor the code shows.
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import {
  type LoginAnswer,
  type LoginForm,
  loginSession,
  type MfaCode,
} from "../../../src/core/auth/loginSession.js";
import { loginErrors } from "../../../src/core/auth/tokenSource.js";
import { InvalidResponseError, MfaRequiredError, VeeamAzureError } from "../../../src/core/errors.js";
import { deferred } from "../../helpers/deferred.js";
import { at, refreshGrant, tokenError, useFakeClock } from "../../helpers/loginFakes.js";

const username = "backupadmin";
const password = "test-only-password";
const mfaToken = "mfa-challenge-token-7f3a";
const code = "492817";
const challenge = { mfa_enabled: true, mfa_token: mfaToken, expires_in: 0 } as unknown as LoginAnswer;
const passwordGrant = { grant_type: "Password", username, password };
const mfaGrant = { grant_type: "Mfa", mfa_token: mfaToken, mfa_code: code };

/**
 * A token endpoint for a user with MFA (or without, `mfa: false`): a Password grant gets the challenge, the Mfa
 * grant with the right token and code the next tokens, a refresh the next tokens (or `refreshFails`).
 */
function endpoint(options: { mfa?: boolean; refreshFails?: unknown; mfaFails?: unknown } = {}) {
  const { mfa = true } = options;
  let issued = 0;
  const next = (): LoginAnswer => {
    issued++;
    return { access_token: `access-${issued}`, refresh_token: `refresh-${issued}`, expires_in: 3600 };
  };
  const requestToken = vi.fn(async (form: LoginForm): Promise<LoginAnswer> => {
    if (form.grant_type === "Password") return mfa ? challenge : next();
    if (form.grant_type === "Mfa") {
      if (options.mfaFails) throw options.mfaFails;
      if (form.mfa_token !== mfaToken || form.mfa_code !== code) throw tokenError(400);
      return next();
    }
    if (options.refreshFails) throw options.refreshFails;
    return next();
  });
  return { requestToken, forms: () => requestToken.mock.calls.map(([form]) => form) };
}

const session = (mfaCode: MfaCode | undefined, token = endpoint()) => ({
  ...token,
  session: loginSession({ username, password, mfaCode }, token.requestToken, loginErrors),
});

/** Everything an error shows: its message, its stack and what util.inspect prints. */
const shown = (error: unknown) => [
  String(error),
  (error as Error).stack ?? "",
  inspect(error, { depth: 20, showHidden: true }),
];

useFakeClock();

describe("a login that answers with a challenge", () => {
  it("is completed with grant_type Mfa, the challenge's mfa_token and the code, and serves that answer's token", async () => {
    const { session: tokens, forms } = session(code);
    await expect(tokens.current()).resolves.toBe("access-1");
    expect(forms()).toEqual([passwordGrant, mfaGrant]);
    expect(tokens.current()).toBe("access-1");
    expect(forms()).toHaveLength(2);
  });

  it("keeps the token for the Mfa answer's lifetime, not the challenge's expires_in of 0", async () => {
    const { session: tokens, forms } = session(code);
    await tokens.current();
    at(3_539_999);
    expect(tokens.current()).toBe("access-1");
    expect(forms()).toHaveLength(2);
    at(3_540_000); // a minute before the hour: the refresh, with the Mfa answer's refresh token
    expect(tokens.current()).toBe("access-1");
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1)]);
  });

  it("without mfaCode, rejects with an MfaRequiredError that says to pass credentials.mfaCode", async () => {
    const { session: tokens, forms } = session(undefined);
    const error = await Promise.resolve(tokens.current()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error).toBeInstanceOf(VeeamAzureError);
    expect(error).toMatchObject({ name: "MfaRequiredError", username });
    expect((error as Error).message).toContain("credentials.mfaCode");
    expect(forms()).toEqual([passwordGrant]);
    for (const text of shown(error)) {
      expect(text).not.toContain(mfaToken);
      expect(text).not.toContain(password);
    }
  });

  it("without mfaCode, tries the login again on the next call", async () => {
    const { session: tokens, forms } = session(undefined);
    await expect(tokens.current()).rejects.toBeInstanceOf(MfaRequiredError);
    await expect(tokens.current()).rejects.toBeInstanceOf(MfaRequiredError);
    expect(forms()).toEqual([passwordGrant, passwordGrant]);
  });

  it("passes the Mfa grant's own refusal on, and the next call logs in from the start", async () => {
    const refused = tokenError(400);
    const mfaCode = vi.fn(() => code);
    const { session: tokens, forms } = session(mfaCode, endpoint({ mfaFails: refused }));
    await expect(tokens.current()).rejects.toBe(refused);
    await expect(tokens.current()).rejects.toBe(refused);
    expect(forms()).toEqual([passwordGrant, mfaGrant, passwordGrant, mfaGrant]);
    expect(mfaCode).toHaveBeenCalledTimes(2);
  });

  it("refuses an Mfa answer that is another challenge with an InvalidResponseError", async () => {
    const requestToken = vi.fn(async (_form: LoginForm) => challenge);
    const tokens = loginSession({ username, password, mfaCode: code }, requestToken, loginErrors);
    const error = await Promise.resolve(tokens.current()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(
      "POST /api/oauth2/token: the MFA login answered with another challenge, not tokens",
    );
    expect(requestToken).toHaveBeenCalledTimes(2);
    for (const text of shown(error)) {
      expect(text).not.toContain(mfaToken);
      expect(text).not.toContain(code);
    }
  });

  it("refuses a refresh answered with a challenge instead of tokens", async () => {
    const answers: LoginAnswer[] = [
      challenge,
      { access_token: "access-1", refresh_token: "refresh-1", expires_in: 3600 },
    ];
    const requestToken = vi.fn(async (_form: LoginForm) => answers.shift() ?? challenge);
    const tokens = loginSession({ username, password, mfaCode: code }, requestToken, loginErrors);
    await tokens.current();
    at(3_600_000);
    await expect(tokens.current()).rejects.toThrow(
      new InvalidResponseError(
        "POST /api/oauth2/token: a refresh answered with a multi-factor challenge, not tokens",
      ),
    );
    expect(requestToken.mock.calls.map(([form]) => form.grant_type)).toEqual([
      "Password",
      "Mfa",
      "Refresh_token",
    ]);
  });
});

describe("what the token operation may answer", () => {
  const notAnAnswer =
    "POST /api/oauth2/token: the response is not a token (no access_token or expires_in) or a multi-factor challenge (mfa_enabled and mfa_token)";
  const answering = (...answers: unknown[]) => {
    const requestToken = vi.fn(async (_form: LoginForm) => answers.shift());
    return {
      requestToken,
      tokens: loginSession({ username, password, mfaCode: code }, requestToken, loginErrors),
    };
  };

  it.each([
    ["null", null],
    ["a token without a lifetime", { access_token: "a" }],
    ["a token with a lifetime of 0", { access_token: "a", expires_in: 0 }],
    ["a token with a lifetime as text", { access_token: "a", expires_in: "3600" }],
    ["an empty token without a challenge", { access_token: "", expires_in: 3600 }],
    ["a challenge whose mfa_enabled is not true", { mfa_enabled: "true", mfa_token: mfaToken }],
    ["a challenge without mfa_enabled", { mfa_token: mfaToken }],
    ["a challenge with an empty mfa_token", { mfa_enabled: true, mfa_token: "" }],
    ["a challenge whose mfa_token is no string", { mfa_enabled: true, mfa_token: 7 }],
    ["a challenge without mfa_token", { mfa_enabled: true }],
  ])("refuses %s with an InvalidResponseError, sending nothing more", async (_what, answer) => {
    const { requestToken, tokens } = answering(answer);
    await expect(Promise.resolve(tokens.current())).rejects.toThrow(new InvalidResponseError(notAnAnswer));
    expect(requestToken).toHaveBeenCalledOnce();
  });

  it("takes a challenge with an empty access_token as a challenge, and completes it", async () => {
    const issued = { access_token: "access-1", refresh_token: "refresh-1", expires_in: 3600 };
    const { requestToken, tokens } = answering(
      { access_token: "", mfa_enabled: true, mfa_token: mfaToken },
      issued,
    );
    await expect(Promise.resolve(tokens.current())).resolves.toBe("access-1");
    expect(requestToken.mock.calls.map(([form]) => form)).toEqual([passwordGrant, mfaGrant]);
  });

  it("takes tokens as tokens even beside mfa_enabled and an mfa_token, with no Mfa grant", async () => {
    const { requestToken, tokens } = answering({
      access_token: "access-1",
      refresh_token: "refresh-1",
      expires_in: 1,
      mfa_enabled: true,
      mfa_token: mfaToken,
    });
    await expect(Promise.resolve(tokens.current())).resolves.toBe("access-1");
    expect(requestToken).toHaveBeenCalledOnce();
  });

  it("sends the code without the spaces around it", async () => {
    const answers = [challenge, { access_token: "access-1", refresh_token: "refresh-1", expires_in: 3600 }];
    const requestToken = vi.fn(async (_form: LoginForm) => answers.shift());
    const spaced = loginSession({ username, password, mfaCode: ` ${code} ` }, requestToken, loginErrors);
    await expect(Promise.resolve(spaced.current())).resolves.toBe("access-1");
    expect(requestToken.mock.calls.map(([form]) => form)).toEqual([passwordGrant, mfaGrant]);
  });
});

describe("mfaCode as a function", () => {
  it("is asked once the challenge arrives, not before", async () => {
    const mfaCode = vi.fn(() => code);
    const { session: tokens, requestToken } = session(mfaCode);
    expect(mfaCode).not.toHaveBeenCalled();
    const pending = tokens.current();
    expect(mfaCode).not.toHaveBeenCalled(); // the Password grant has not answered yet
    await expect(pending).resolves.toBe("access-1");
    expect(mfaCode).toHaveBeenCalledOnce();
    expect(mfaCode).toHaveBeenCalledAfter(requestToken);
  });

  it("may answer asynchronously, and the Mfa grant waits for it", async () => {
    const answer = deferred<string>();
    const mfaCode = vi.fn(() => answer.promise);
    const { session: tokens, forms } = session(mfaCode);
    const pending = tokens.current();
    await vi.waitFor(() => expect(mfaCode).toHaveBeenCalledOnce());
    expect(forms()).toEqual([passwordGrant]);
    answer.resolve(code);
    await expect(pending).resolves.toBe("access-1");
    expect(forms()).toEqual([passwordGrant, mfaGrant]);
  });

  it("is asked exactly once for concurrent first callers", async () => {
    const mfaCode = vi.fn(async () => code);
    const { session: tokens, forms } = session(mfaCode);
    const callers = Array.from({ length: 5 }, () => tokens.current());
    await expect(Promise.all(callers)).resolves.toEqual(Array(5).fill("access-1"));
    expect(mfaCode).toHaveBeenCalledOnce();
    expect(forms()).toEqual([passwordGrant, mfaGrant]);
  });

  it("is not asked for a refresh", async () => {
    const mfaCode = vi.fn(() => code);
    const { session: tokens, forms } = session(mfaCode);
    await tokens.current();
    at(3_600_000);
    await expect(tokens.current()).resolves.toBe("access-2");
    expect(mfaCode).toHaveBeenCalledOnce();
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1)]);
  });

  it.each([400, 401])("is asked again for the login after a refresh refused with %i", async (status) => {
    const mfaCode = vi.fn(() => code);
    const { session: tokens, forms } = session(mfaCode, endpoint({ refreshFails: tokenError(status) }));
    await tokens.current();
    at(3_600_000);
    await expect(tokens.current()).resolves.toBe("access-2");
    expect(mfaCode).toHaveBeenCalledTimes(2);
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1), passwordGrant, mfaGrant]);
  });

  it("is asked again when a 401 leads to a login because the refresh is refused", async () => {
    const mfaCode = vi.fn(() => code);
    const { session: tokens, forms } = session(mfaCode, endpoint({ refreshFails: tokenError(401) }));
    await tokens.current();
    at(1_000);
    await expect(tokens.renew("access-1")).resolves.toBe("access-2");
    expect(mfaCode).toHaveBeenCalledTimes(2);
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1), passwordGrant, mfaGrant]);
  });

  it("is never asked for a user without MFA, at login or after", async () => {
    const mfaCode = vi.fn(() => code);
    const { session: tokens, forms } = session(
      mfaCode,
      endpoint({ mfa: false, refreshFails: tokenError(401) }),
    );
    await expect(tokens.current()).resolves.toBe("access-1");
    at(3_600_000);
    await expect(tokens.current()).resolves.toBe("access-2");
    expect(mfaCode).not.toHaveBeenCalled();
    expect(forms()).toEqual([passwordGrant, refreshGrant(1), passwordGrant]);
  });

  it("a string code is never sent to a user without MFA", async () => {
    const { session: tokens, forms } = session(code, endpoint({ mfa: false }));
    await tokens.current();
    expect(forms()).toEqual([passwordGrant]);
    expect(JSON.stringify(forms())).not.toContain(code);
  });

  it.each([
    ["an empty string", ""],
    ["blanks", "   "],
  ])(
    "that returns %s rejects with an MfaRequiredError (no code), without the Mfa grant",
    async (_what, value) => {
      const { session: tokens, forms } = session(() => value);
      const error = await Promise.resolve(tokens.current()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MfaRequiredError);
      expect(error).toMatchObject({ username });
      expect((error as Error).message).toMatch(/no code was given: pass credentials\.mfaCode/);
      expect(forms()).toEqual([passwordGrant]);
      for (const text of shown(error)) expect(text).not.toContain(mfaToken);
    },
  );

  it.each([
    ["a number", 492817],
    ["undefined", undefined],
    ["null", null],
    ["an object", { code }],
  ])(
    "that returns %s rejects with a TypeError naming credentials.mfaCode, without the Mfa grant",
    async (_what, value) => {
      const { session: tokens, forms } = session((() => value) as unknown as MfaCode);
      const error = await Promise.resolve(tokens.current()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).not.toBeInstanceOf(MfaRequiredError);
      expect((error as Error).message).toMatch(/credentials\.mfaCode/);
      expect(forms()).toEqual([passwordGrant]);
      for (const text of shown(error)) expect(text).not.toContain(mfaToken);
    },
  );

  it("passes its own rejection on (a cancelled prompt), without the Mfa grant", async () => {
    const cancelled = new Error("prompt cancelled");
    const { session: tokens, forms } = session(() => Promise.reject(cancelled));
    await expect(tokens.current()).rejects.toBe(cancelled);
    expect(forms()).toEqual([passwordGrant]);
  });
});

describe("mfaCode as a string", () => {
  it("is used for the first login only: a re-login that needs a code rejects with an MfaRequiredError saying so", async () => {
    const { session: tokens, forms } = session(code, endpoint({ refreshFails: tokenError(400) }));
    await expect(tokens.current()).resolves.toBe("access-1");
    at(3_600_000); // expired, and the refresh token is refused: the login starts over, and the challenge comes
    const error = await Promise.resolve(tokens.current()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect(error).toMatchObject({ name: "MfaRequiredError", username });
    expect((error as Error).message).toMatch(/used already/);
    expect((error as Error).message).toMatch(/pass a function that returns a fresh code/);
    // The old code is not sent again.
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1), passwordGrant]);
    for (const text of shown(error)) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(mfaToken);
      expect(text).not.toContain(password);
    }
  });

  it("stays used: the next call logs in from the start and rejects the same way, never with the old code", async () => {
    const { session: tokens, forms } = session(code, endpoint({ refreshFails: tokenError(401) }));
    await tokens.current();
    at(1_000);
    await expect(tokens.renew("access-1")).rejects.toThrow(/used already/);
    await expect(tokens.current()).rejects.toBeInstanceOf(MfaRequiredError);
    // The refused refresh token is tried again each time (it is all the session holds), then the password.
    expect(forms()).toEqual([
      passwordGrant,
      mfaGrant,
      refreshGrant(1),
      passwordGrant,
      refreshGrant(1),
      passwordGrant,
    ]);
    expect(forms().filter((form) => form.grant_type === "Mfa")).toHaveLength(1);
  });

  it("is spent by a login whose Mfa grant was refused, too", async () => {
    const refused = tokenError(400);
    const { session: tokens, forms } = session(code, endpoint({ mfaFails: refused }));
    await expect(tokens.current()).rejects.toBe(refused);
    await expect(tokens.current()).rejects.toThrow(/used already/);
    expect(forms()).toEqual([passwordGrant, mfaGrant, passwordGrant]);
  });

  it("while a function is asked again for the re-login, which completes with the fresh code", async () => {
    const mfaCode = vi.fn(() => code);
    const { session: tokens, forms } = session(mfaCode, endpoint({ refreshFails: tokenError(400) }));
    await tokens.current();
    at(3_600_000);
    await expect(tokens.current()).resolves.toBe("access-2");
    expect(mfaCode).toHaveBeenCalledTimes(2);
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1), passwordGrant, mfaGrant]);
  });

  it.each([
    ["empty", ""],
    ["blanks", "   "],
  ])("that is %s rejects with an MfaRequiredError (no code), without the Mfa grant", async (_what, value) => {
    const { session: tokens, forms } = session(value);
    const error = await Promise.resolve(tokens.current()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaRequiredError);
    expect((error as Error).message).toMatch(/no code was given/);
    expect(forms()).toEqual([passwordGrant]);
  });
});

describe("the tokens' lifetime after a code", () => {
  // The user takes 50 s to type the code: the Mfa grant is sent at 50 s, and the token's hour starts then.
  const mfaAt = 50_000;
  const slowCode = () =>
    vi.fn(async () => {
      at(mfaAt);
      return code;
    });

  it("counts from the Mfa request: no refresh before refreshAt measured from it", async () => {
    const { session: tokens, forms } = session(slowCode());
    await expect(tokens.current()).resolves.toBe("access-1");
    at(mfaAt + 3_600_000 - 61_000);
    expect(tokens.current()).toBe("access-1");
    expect(forms()).toEqual([passwordGrant, mfaGrant]);
    at(mfaAt + 3_600_000 - 60_000 - 1);
    expect(tokens.current()).toBe("access-1");
    expect(forms()).toHaveLength(2);
    at(mfaAt + 3_600_000 - 60_000); // refreshAt: a minute before the hour that began with the Mfa request
    expect(tokens.current()).toBe("access-1");
    expect(forms()).toEqual([passwordGrant, mfaGrant, refreshGrant(1)]);
  });

  it("serves the token until expiresAt measured from the Mfa request, then waits for a new one", async () => {
    const down = new Error("connection reset");
    const { session: tokens } = session(slowCode(), endpoint({ refreshFails: down }));
    await tokens.current();
    at(mfaAt + 3_600_000 - 5_000 - 1); // the refreshes in the background fail; the token still serves
    expect(tokens.current()).toBe("access-1");
    at(mfaAt + 3_600_000 - 5_000);
    await expect(tokens.current()).rejects.toBe(down);
  });
});

describe("secrets", () => {
  it("neither the code nor the challenge's token nor a token shows when the session is inspected", async () => {
    for (const mfaCode of [code, () => code]) {
      const { session: tokens } = session(mfaCode);
      await tokens.current();
      const text = inspect(tokens, { depth: 20, showHidden: true });
      for (const secret of [code, mfaToken, password, "access-1", "refresh-1"])
        expect(text).not.toContain(secret);
    }
  });
});
