// The auth policy on its own, with a fake token source and a fake `next`: the bearer header, the token request
// left alone, waiting for a pending token (and stopping at once on abort), and one renewal and replay per
// request after a 401.
import { describe, expect, it, vi } from "vitest";
import type { TokenSource } from "../../../src/core/auth/tokenSource.js";
import type { PipelineRequest, SendRequest } from "../../../src/core/pipeline.js";
import { replayRequested } from "../../../src/core/pipeline.js";
import { authPolicy } from "../../../src/core/policies/authPolicy.js";
import { deferred } from "../../helpers/deferred.js";

const apiUrl = "https://h/api/v1/jobSessions/8";
const tokenUrl = "https://h/api/oauth2/token";

const request = (signal: AbortSignal | null = null, url = apiUrl): PipelineRequest => ({
  url,
  method: "GET",
  headers: new Headers(),
  body: null,
  signal,
});

/** A `next` that answers the statuses given, one per call, and records the Authorization each call carried. */
function answering(...statuses: number[]) {
  const sent: (string | null)[] = [];
  const next = vi.fn<SendRequest>(async (req) => {
    sent.push(req.headers.get("Authorization"));
    return new Response(null, { status: statuses.shift() ?? 200 });
  });
  return { next, sent };
}

/** A token source that serves `token` and renews with `renewed`. */
function source(
  token: string | Promise<string> = "token-1",
  renewed: Promise<string | undefined> | string = "token-2",
) {
  return {
    current: vi.fn<TokenSource["current"]>(() => token),
    renew: vi.fn<TokenSource["renew"]>(() => Promise.resolve(renewed)),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
/** `outcome`, or "still pending" when it has not settled once the promises under way have run. */
const soon = <T>(outcome: Promise<T>) => Promise.race([outcome, flush().then(() => "still pending")]);
const notTokenRequest = () => false;

describe("the bearer token", () => {
  it("is set as `Authorization: Bearer <token>` on the request's own headers, which go to next", async () => {
    const tokens = source("token-1");
    const { next } = answering(200);
    const req = request();
    const response = await authPolicy(tokens, notTokenRequest)(req, next);
    expect(req.headers.get("Authorization")).toBe("Bearer token-1");
    expect(next).toHaveBeenCalledTimes(1);
    expect(next.mock.calls[0]?.[0]).toBe(req);
    expect(response.status).toBe(200);
    expect(tokens.current).toHaveBeenCalledTimes(1);
  });

  it("returns next's response itself", async () => {
    const answer = new Response("body", { status: 200 });
    const response = await authPolicy(source(), notTokenRequest)(request(), async () => answer);
    expect(response).toBe(answer);
  });

  it("asks the source for each request, and replaces a header set before", async () => {
    const tokens = source();
    tokens.current.mockReturnValueOnce("token-1").mockReturnValueOnce("token-9");
    const { next, sent } = answering(200, 200);
    const policy = authPolicy(tokens, notTokenRequest);
    const req = request();
    req.headers.set("Authorization", "Bearer stale");
    await policy(req, next);
    await policy(request(), next);
    expect(sent).toEqual(["Bearer token-1", "Bearer token-9"]);
  });

  it("adds no listener to the request's signal when the token is at hand", async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    await authPolicy(source("token-1"), notTokenRequest)(request(controller.signal), answering(200).next);
    expect(add).not.toHaveBeenCalled();
  });
});

describe("the token request", () => {
  it("passes untouched, without asking the source for a token, and its 401 is not renewed", async () => {
    const tokens = source();
    const isTokenRequest = vi.fn((url: string) => url === tokenUrl);
    const { next, sent } = answering(401);
    const req = request(null, tokenUrl);
    const response = await authPolicy(tokens, isTokenRequest)(req, next);
    expect(isTokenRequest).toHaveBeenCalledWith(tokenUrl);
    expect(next.mock.calls[0]?.[0]).toBe(req);
    expect(sent).toEqual([null]);
    expect(tokens.current).not.toHaveBeenCalled();
    expect(tokens.renew).not.toHaveBeenCalled();
    expect(replayRequested(response)).toBe(false);
  });

  it("is told by the URL: any other URL gets the token", async () => {
    const { next, sent } = answering(200);
    await authPolicy(source("token-1"), (url) => url === tokenUrl)(request(), next);
    expect(sent).toEqual(["Bearer token-1"]);
  });
});

describe("a pending token", () => {
  it("is waited for before the request is sent", async () => {
    const token = deferred<string>();
    const { next, sent } = answering(200);
    const response = authPolicy(source(token.promise), notTokenRequest)(request(), next);
    await flush();
    expect(next).not.toHaveBeenCalled();
    token.resolve("token-1");
    await expect(response).resolves.toMatchObject({ status: 200 });
    expect(sent).toEqual(["Bearer token-1"]);
  });

  it("is waited for with the request's signal too", async () => {
    const token = deferred<string>();
    const { next, sent } = answering(200);
    const response = authPolicy(source(token.promise), notTokenRequest)(
      request(new AbortController().signal),
      next,
    );
    token.resolve("token-1");
    await expect(response).resolves.toMatchObject({ status: 200 });
    expect(sent).toEqual(["Bearer token-1"]);
  });

  it("stops the wait at once when the request's signal aborts, with its reason; the token stays pending", async () => {
    const token = deferred<string>();
    const tokens = source(token.promise);
    const { next } = answering(200);
    const controller = new AbortController();
    const response = authPolicy(tokens, notTokenRequest)(request(controller.signal), next);
    const reason = new Error("user gave up");
    controller.abort(reason);
    await expect(soon(response)).rejects.toBe(reason);
    // The token the source is getting for every caller goes on; this request is not sent with it.
    token.resolve("token-1");
    await flush();
    expect(next).not.toHaveBeenCalled();
    expect(tokens.renew).not.toHaveBeenCalled();
  });

  it("is not waited for when the request's signal has aborted already", async () => {
    const controller = new AbortController();
    const reason = new Error("aborted before");
    controller.abort(reason);
    const { next } = answering(200);
    const response = authPolicy(source(new Promise<string>(() => {})), notTokenRequest)(
      request(controller.signal),
      next,
    );
    await expect(soon(response)).rejects.toBe(reason);
    expect(next).not.toHaveBeenCalled();
  });

  it("passes the source's failure on, and sends nothing", async () => {
    const failure = new Error("login refused");
    const { next } = answering(200);
    const response = authPolicy(source(Promise.reject(failure)), notTokenRequest)(request(), next);
    await expect(response).rejects.toBe(failure);
    expect(next).not.toHaveBeenCalled();
  });
});

describe("after a 401", () => {
  it("renews the token it sent and asks for a replay when the source gives a new one", async () => {
    const tokens = source("token-1", "token-2");
    const { next } = answering(401);
    const response = await authPolicy(tokens, notTokenRequest)(request(), next);
    expect(response.status).toBe(401);
    expect(tokens.renew).toHaveBeenCalledTimes(1);
    expect(tokens.renew).toHaveBeenCalledWith("token-1");
    expect(replayRequested(response)).toBe(true);
  });

  it("renews the token this request was sent with, not the source's next one", async () => {
    const tokens = source();
    tokens.current.mockReturnValueOnce("token-1").mockReturnValue("token-5");
    const response = await authPolicy(tokens, notTokenRequest)(request(), answering(401).next);
    expect(tokens.renew).toHaveBeenCalledWith("token-1");
    expect(replayRequested(response)).toBe(true);
  });

  it("asks for no replay when the source has no new token", async () => {
    const tokens = source("token-1", Promise.resolve(undefined));
    const response = await authPolicy(tokens, notTokenRequest)(request(), answering(401).next);
    expect(tokens.renew).toHaveBeenCalledTimes(1);
    expect(response.status).toBe(401);
    expect(replayRequested(response)).toBe(false);
  });

  it("sends the replay (the same request object) with the new token, and renews no more for it", async () => {
    const tokens = source();
    tokens.current.mockReturnValueOnce("token-1").mockReturnValueOnce("token-2");
    const { next, sent } = answering(401, 401);
    const policy = authPolicy(tokens, notTokenRequest);
    const req = request();
    const first = await policy(req, next);
    const second = await policy(req, next);
    expect(sent).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(replayRequested(first)).toBe(true);
    expect(tokens.renew).toHaveBeenCalledTimes(1);
    expect(replayRequested(second)).toBe(false);
    expect(second.status).toBe(401);
  });

  it("renews again for another request", async () => {
    const tokens = source();
    const { next } = answering(401, 401);
    const policy = authPolicy(tokens, notTokenRequest);
    await policy(request(), next);
    const other = await policy(request(), next);
    expect(tokens.renew).toHaveBeenCalledTimes(2);
    expect(replayRequested(other)).toBe(true);
  });

  it("stops waiting for the renewal at once when the request's signal aborts", async () => {
    const renewal = deferred<string | undefined>();
    const tokens = source("token-1", renewal.promise);
    const controller = new AbortController();
    const reason = new Error("user gave up");
    const response = authPolicy(tokens, notTokenRequest)(request(controller.signal), answering(401).next);
    await flush();
    expect(tokens.renew).toHaveBeenCalledWith("token-1");
    controller.abort(reason);
    await expect(soon(response)).rejects.toBe(reason);
    renewal.resolve("token-2");
  });

  it("passes a failed renewal on", async () => {
    const failure = new Error("refresh refused");
    const tokens = source("token-1", Promise.reject(failure));
    const response = authPolicy(tokens, notTokenRequest)(request(), answering(401).next);
    await expect(response).rejects.toBe(failure);
  });
});

describe("any other status", () => {
  it.each([200, 204, 400, 403, 404, 500])("never renews after %i", async (status) => {
    const tokens = source();
    const response = await authPolicy(tokens, notTokenRequest)(request(), answering(status).next);
    expect(response.status).toBe(status);
    expect(tokens.renew).not.toHaveBeenCalled();
    expect(replayRequested(response)).toBe(false);
  });
});

describe("a token source that throws", () => {
  it("answers with a rejected promise, never a throw, as every policy does", async () => {
    const failure = new TypeError("the token provider must return a non-empty string");
    const tokens = {
      current: vi.fn<TokenSource["current"]>(() => {
        throw failure;
      }),
      renew: vi.fn<TokenSource["renew"]>(),
    };
    const { next } = answering(200);
    let outcome: Promise<Response> | undefined;
    expect(() => {
      outcome = authPolicy(tokens, notTokenRequest)(request(), next);
    }).not.toThrow();
    await expect(outcome).rejects.toBe(failure);
    expect(next).not.toHaveBeenCalled();
  });
});
