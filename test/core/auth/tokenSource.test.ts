// Token sources: a fixed token, a token provider (sync or async, asked before every request and once more after
// a 401), and the choice between a token and a login session that the client options make, with the TypeErrors
// for options that give neither, both, or a bad one.
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IssuedToken, LoginForm } from "../../../src/core/auth/loginSession.js";
import { deferredLoginSession, providedTokens, tokenSourceFor } from "../../../src/core/auth/tokenSource.js";

const noProviderToken = new TypeError("the token provider must return a non-empty string");
const password = "test-only-password";
const issued: IssuedToken = { access_token: "access-1", refresh_token: "refresh-1", expires_in: 3600 };
const endpoint = () => vi.fn(async (_form: LoginForm) => issued);

describe("providedTokens with a fixed token", () => {
  it("serves the token at once, every time", () => {
    const source = providedTokens("fixed-token");
    expect(source.current()).toBe("fixed-token");
    expect(source.current()).toBe("fixed-token");
  });

  it("has nothing to renew it with", async () => {
    const source = providedTokens("fixed-token");
    await expect(source.renew("fixed-token")).resolves.toBeUndefined();
    await expect(source.renew("another-token")).resolves.toBeUndefined();
  });
});

describe("providedTokens with a sync provider", () => {
  it("asks the provider on every current() and returns its token at once, not as a promise", () => {
    const provider = vi.fn().mockReturnValueOnce("token-1").mockReturnValueOnce("token-2");
    const source = providedTokens(provider);
    expect(provider).not.toHaveBeenCalled();
    expect(source.current()).toBe("token-1");
    expect(source.current()).toBe("token-2");
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("renews with the provider's next token when it differs from the rejected one", async () => {
    const provider = vi.fn(() => "token-2");
    await expect(providedTokens(provider).renew("token-1")).resolves.toBe("token-2");
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it("has no new token when the provider gives the rejected one again", async () => {
    await expect(providedTokens(() => "token-1").renew("token-1")).resolves.toBeUndefined();
  });

  it.each([
    ["an empty string", ""],
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", { token: "token-1" }],
    // biome-ignore lint/suspicious/noThenProperty: a value that only looks like a promise is the point here
    ["an object whose then is no function", { then: "token-1" }],
  ])("throws the TypeError at once when the provider returns %s", (_what, value) => {
    const source = providedTokens(() => value as string);
    expect(() => source.current()).toThrow(noProviderToken);
  });

  it("rejects renew with the TypeError when the provider returns no token then", async () => {
    const provider = vi.fn().mockReturnValueOnce("token-1").mockReturnValueOnce("");
    const source = providedTokens(provider);
    expect(source.current()).toBe("token-1");
    await expect(source.renew("token-1")).rejects.toThrow(noProviderToken);
  });
});

describe("providedTokens with an async provider", () => {
  it("asks the provider on every current() and resolves with its token", async () => {
    const provider = vi.fn().mockResolvedValueOnce("token-1").mockResolvedValueOnce("token-2");
    const source = providedTokens(provider);
    const first = source.current();
    expect(first).toBeInstanceOf(Promise);
    await expect(first).resolves.toBe("token-1");
    await expect(source.current()).resolves.toBe("token-2");
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("accepts any thenable", async () => {
    // biome-ignore lint/suspicious/noThenProperty: a promise-like that is no Promise is the point here
    const thenable = { then: (resolve: (token: string) => void) => resolve("token-1") };
    const source = providedTokens(() => thenable as unknown as Promise<string>);
    await expect(source.current()).resolves.toBe("token-1");
  });

  it("renews with the provider's next token when it differs, and has none when it is the same", async () => {
    const provider = vi.fn().mockResolvedValueOnce("token-2").mockResolvedValueOnce("token-2");
    const source = providedTokens(provider);
    await expect(source.renew("token-1")).resolves.toBe("token-2");
    await expect(source.renew("token-2")).resolves.toBeUndefined();
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["an empty string", ""],
    ["undefined", undefined],
    ["a number", 42],
  ])("rejects with the TypeError when the provider resolves with %s", async (_what, value) => {
    const source = providedTokens(async () => value as string);
    await expect(source.current()).rejects.toThrow(noProviderToken);
    await expect(source.renew("token-1")).rejects.toThrow(noProviderToken);
  });

  it("passes the provider's own rejection on", async () => {
    const failure = new Error("vault sealed");
    const source = providedTokens(() => Promise.reject(failure));
    await expect(source.current()).rejects.toBe(failure);
  });
});

describe("tokenSourceFor", () => {
  const credentials = { username: "backupadmin", password };

  it.each([
    [
      "token and credentials",
      { token: "token-1", credentials },
      "pass either token or credentials, not both",
    ],
    [
      "an empty token and credentials",
      { token: "", credentials },
      "pass either token or credentials, not both",
    ],
    ["neither", {}, "createClient needs a token (a string or a function) or credentials"],
    [
      "undefined for both",
      { token: undefined, credentials: undefined },
      "createClient needs a token (a string or a function) or credentials",
    ],
    ["an empty token", { token: "" }, "createClient needs a token (a string or a function) or credentials"],
    [
      "a token that is neither a string nor a function",
      { token: 42 },
      "createClient needs a token (a string or a function) or credentials",
    ],
    [
      "an empty username",
      { credentials: { username: "", password } },
      "credentials.username must be a non-empty string",
    ],
    [
      "a username that is no string",
      { credentials: { username: 7, password } },
      "credentials.username must be a non-empty string",
    ],
    ["no username", { credentials: { password } }, "credentials.username must be a non-empty string"],
    [
      "an empty password",
      { credentials: { username: "backupadmin", password: "" } },
      "credentials.password must be a non-empty string",
    ],
    [
      "a password that is no string",
      { credentials: { username: "backupadmin", password: 7 } },
      "credentials.password must be a non-empty string",
    ],
    ["null credentials", { credentials: null }, "credentials.username must be a non-empty string"],
  ])("refuses %s with a TypeError, before any request", (_what, options, message) => {
    const requestToken = endpoint();
    const build = () => tokenSourceFor(options as Parameters<typeof tokenSourceFor>[0], requestToken);
    expect(build).toThrow(new TypeError(message));
    expect(requestToken).not.toHaveBeenCalled();
  });

  it("never shows the password in the TypeError for a bad username", () => {
    let error: unknown;
    try {
      tokenSourceFor({ credentials: { username: "", password } }, endpoint());
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TypeError);
    const text = [String(error), (error as Error).stack, inspect(error, { depth: 10, showHidden: true })];
    for (const part of text) expect(part).not.toContain(password);
  });

  it("serves a string token as given, with nothing to renew it with", async () => {
    const requestToken = endpoint();
    const source = tokenSourceFor({ token: "token-1" }, requestToken);
    expect(source.current()).toBe("token-1");
    await expect(source.renew("token-1")).resolves.toBeUndefined();
    expect(requestToken).not.toHaveBeenCalled();
  });

  it("asks a function token on every current()", async () => {
    const provider = vi.fn().mockReturnValueOnce("token-1").mockReturnValueOnce("token-2");
    const requestToken = endpoint();
    const source = tokenSourceFor({ token: provider }, requestToken);
    expect(source.current()).toBe("token-1");
    await expect(source.renew("token-1")).resolves.toBe("token-2");
    expect(requestToken).not.toHaveBeenCalled();
  });

  it("accepts a function token alongside undefined credentials", () => {
    const source = tokenSourceFor({ token: () => "token-1", credentials: undefined }, endpoint());
    expect(source.current()).toBe("token-1");
  });

  it("makes a login session for credentials: it logs in with them on the first current(), not before", async () => {
    const requestToken = endpoint();
    const source = tokenSourceFor({ credentials }, requestToken);
    expect(requestToken).not.toHaveBeenCalled();
    await expect(source.current()).resolves.toBe("access-1");
    expect(requestToken.mock.calls).toEqual([
      [{ grant_type: "Password", username: "backupadmin", password }],
    ]);
    expect(source.current()).toBe("access-1");
  });

  it("sends only the username and password of the credentials, as they were when given", async () => {
    const requestToken = endpoint();
    const given = { username: "backupadmin", password, tenant: "not-sent" };
    const source = tokenSourceFor({ credentials: given, token: undefined }, requestToken);
    given.username = "changed-later";
    await source.current();
    expect(requestToken.mock.calls).toEqual([
      [{ grant_type: "Password", username: "backupadmin", password }],
    ]);
  });
});

describe("tokenSourceFor with an MFA code", () => {
  const code = "492817";

  it.each([
    ["an empty string", ""],
    ["blanks", "   "],
    ["a number", 492817],
    ["null", null],
    ["an object", { code }],
  ])("refuses an mfaCode that is %s with a TypeError, before any request", (_what, mfaCode) => {
    const requestToken = endpoint();
    const build = () =>
      tokenSourceFor(
        { credentials: { username: "backupadmin", password, mfaCode: mfaCode as string } },
        requestToken,
      );
    expect(build).toThrow(
      new TypeError("credentials.mfaCode must be a non-empty string or a function that returns one"),
    );
    expect(requestToken).not.toHaveBeenCalled();
  });

  it("never shows the code or the password in that TypeError", () => {
    let error: unknown;
    try {
      tokenSourceFor(
        { credentials: { username: "backupadmin", password, mfaCode: 492817 as never } },
        endpoint(),
      );
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TypeError);
    for (const part of [
      String(error),
      (error as Error).stack,
      inspect(error, { depth: 10, showHidden: true }),
    ]) {
      expect(part).not.toContain(code);
      expect(part).not.toContain(password);
    }
  });

  it.each([
    ["a string", code],
    ["a function", () => code],
  ])("accepts %s, sending only the username and password with the Password grant", async (_what, mfaCode) => {
    const requestToken = endpoint();
    const source = tokenSourceFor(
      { credentials: { username: "backupadmin", password, mfaCode } },
      requestToken,
    );
    await expect(source.current()).resolves.toBe("access-1");
    expect(requestToken.mock.calls).toEqual([
      [{ grant_type: "Password", username: "backupadmin", password }],
    ]);
  });

  it("hands the code to the login session, which sends it when the login answers with a challenge", async () => {
    const requestToken = vi.fn(async (form: LoginForm) =>
      form.grant_type === "Password" ? ({ mfa_enabled: true, mfa_token: "mfa-1" } as const) : issued,
    );
    const source = tokenSourceFor(
      { credentials: { username: "backupadmin", password, mfaCode: code } },
      requestToken,
    );
    await expect(source.current()).resolves.toBe("access-1");
    expect(requestToken.mock.calls.map(([form]) => form)).toEqual([
      { grant_type: "Password", username: "backupadmin", password },
      { grant_type: "Mfa", mfa_token: "mfa-1", mfa_code: code },
    ]);
  });

  it("takes the code as it was when given", async () => {
    const requestToken = vi.fn(async (form: LoginForm) =>
      form.grant_type === "Password" ? ({ mfa_enabled: true, mfa_token: "mfa-1" } as const) : issued,
    );
    const credentials = { username: "backupadmin", password, mfaCode: code };
    const source = tokenSourceFor({ credentials }, requestToken);
    credentials.mfaCode = "000000";
    await source.current();
    expect(requestToken.mock.calls[1]?.[0]).toMatchObject({ mfa_code: code });
  });
});

describe("deferredLoginSession", () => {
  const credentials = { username: "backupadmin", password };

  it("renews before the login session's code has loaded, by waiting for it", async () => {
    const requestToken = endpoint();
    const source = deferredLoginSession(credentials, requestToken);
    await expect(source.renew("rejected-token")).resolves.toBe("access-1");
    expect(requestToken).toHaveBeenCalledTimes(1);
  });

  describe("when the login session's code fails to load", () => {
    const module = "../../../src/core/auth/loginSession.js";
    afterEach(() => {
      vi.doUnmock(module);
      vi.resetModules();
    });

    it("reports the failure to the request that waited for it, and loads it again for the next", async () => {
      const failure = new Error("chunk failed to load (offline)");
      let loads = 0;
      vi.doMock(module, async (importOriginal) => {
        loads++;
        if (loads === 1) throw failure;
        return importOriginal();
      });
      vi.resetModules();
      const deferred = (await import("../../../src/core/auth/tokenSource.js")).deferredLoginSession;
      const source = deferred(credentials, endpoint());
      // Vitest hands on a failed mock factory's error as the cause of its own.
      await expect(source.current()).rejects.toMatchObject({ cause: failure });
      await expect(source.current()).resolves.toBe("access-1");
      expect(loads).toBe(2);
    });
  });
});
