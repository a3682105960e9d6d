// The retry policy with an in-memory fetch and fake timers: which outcomes are retried, how long it waits, and
// that aborting stops the wait.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NetworkError, TimeoutError } from "../../../src/core/errors.js";
import { type PipelineRequest, requestReplay, type SendRequest } from "../../../src/core/pipeline.js";
import {
  backoffDelay,
  isRetryable,
  parseRetryAfter,
  retryPolicy,
} from "../../../src/core/policies/retryPolicy.js";
import { createClient } from "../../../src/v1/client.js";

const get = new Request("https://h/api/v1/virtualMachineSnapshots");
const post = new Request("https://h/api/v1/virtualMachines/x/deleteSnapshots", { method: "POST" });
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(null, { status: code, headers });
const refused = new NetworkError("refused", "ECONNREFUSED");
const reset = new NetworkError("reset", "ECONNRESET");
const timeout = new TimeoutError("slow", 10);

describe("isRetryable", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries a GET after %i", (code) => {
    expect(isRetryable(get, status(code))).toBe(true);
  });
  it.each([400, 401, 403, 404, 409, 501])("does not retry a GET after %i", (code) => {
    expect(isRetryable(get, status(code))).toBe(false);
  });
  it("retries a GET after any network error or a timeout", () => {
    expect([refused, reset, timeout].map((e) => isRetryable(get, e))).toEqual([true, true, true]);
  });
  it.each([429, 503])("retries a POST after %i: the server did not process it", (code) => {
    expect(isRetryable(post, status(code))).toBe(true);
  });
  it.each([408, 500, 502, 504])("does not retry a POST after %i: the deletion may have started", (code) => {
    expect(isRetryable(post, status(code))).toBe(false);
  });
  it("retries a POST after a refused connection, never after a reset or a timeout", () => {
    expect([refused, reset, timeout].map((e) => isRetryable(post, e))).toEqual([true, false, false]);
  });
  it("never retries an abort", () => {
    expect(isRetryable(get, new DOMException("aborted", "AbortError"))).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it("reads seconds", () => expect(parseRetryAfter("120", now)).toBe(120_000));
  it("reads an HTTP date", () => expect(parseRetryAfter("Mon, 23 Nov 2026 12:00:30 GMT", now)).toBe(30_000));
  it("treats a past date as now", () =>
    expect(parseRetryAfter("Mon, 23 Nov 2026 11:00:00 GMT", now)).toBe(0));
  it.each([null, "", "soon", "-5"])("ignores %j", (value) =>
    expect(parseRetryAfter(value, now)).toBeUndefined(),
  );
});

describe("backoffDelay", () => {
  const policy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
  it("draws full jitter below base x 2^(retry-1), capped", () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    expect([1, 2, 3, 10].map((retry) => Math.round(backoffDelay(retry, undefined, policy)))).toEqual([
      500, 1000, 2000, 30_000,
    ]);
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(backoffDelay(3, undefined, policy)).toBe(0);
  });
  it("follows Retry-After, capped at maxDelayMs", () => {
    expect(backoffDelay(1, status(503, { "retry-after": "7" }), policy)).toBe(7000);
    expect(backoffDelay(1, status(503, { "retry-after": "3600" }), policy)).toBe(30_000);
  });
});

describe("the retry policy in a client", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function clientAnswering(...answers: (Response | Error)[]) {
    const calls: Request[] = [];
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      const request = new Request(url, init);
      calls.push(request);
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return (answer as Response).clone();
    });
    const client = createClient({
      baseUrl: "https://h",
      token: "t",
      fetch,
      retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
    });
    return { client, calls };
  }
  const ok = () => Response.json({ id: "8", type: "SnapshotDeletion", status: "Success" });

  it("retries a GET after 503 and honours Retry-After in seconds", async () => {
    const { client, calls } = clientAnswering(status(503, { "retry-after": "20" }), ok());
    const pending = client.getJobSession("8");
    await vi.advanceTimersByTimeAsync(19_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ status: "Success" });
    expect(calls).toHaveLength(2);
  });

  it("retries after 429 and honours Retry-After as an HTTP date", async () => {
    vi.setSystemTime(Date.parse("2026-11-23T12:00:00Z"));
    const { client, calls } = clientAnswering(
      status(429, { "retry-after": "Mon, 23 Nov 2026 12:00:45 GMT" }),
      ok(),
    );
    const pending = client.getJobSession("8");
    await vi.advanceTimersByTimeAsync(44_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ id: "8" });
  });

  it("gives up after the configured attempts with the last error status", async () => {
    const { client, calls } = clientAnswering(status(502));
    const pending = client.getJobSession("8");
    const settled = expect(pending).rejects.toMatchObject({ name: "ApiError", status: 502 });
    await vi.runAllTimersAsync();
    await settled;
    expect(calls).toHaveLength(3);
  });

  it("does not retry a POST after a 502", async () => {
    const { client, calls } = clientAnswering(status(502), ok());
    await expect(client.deleteVirtualMachineSnapshots("vm")).rejects.toMatchObject({ status: 502 });
    expect(calls).toHaveLength(1);
  });

  it("retries a POST after 503", async () => {
    const { client, calls } = clientAnswering(status(503), ok());
    const pending = client.deleteVirtualMachineSnapshots("vm");
    await vi.runAllTimersAsync();
    await expect(pending).resolves.toMatchObject({ status: "Success" });
    expect(calls.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  it("sends the same body again when it retries a request that has one (the login form after a 503)", async () => {
    const token = { access_token: "a", token_type: "bearer", refresh_token: "r", expires_in: 3600 };
    const answers = [status(503), Response.json(token), ok()];
    const bodies: string[] = [];
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      const request = new Request(url, init);
      bodies.push(await request.text());
      return answers.shift() ?? status(500);
    });
    const client = createClient({
      baseUrl: "https://h",
      credentials: { username: "backupadmin", password: "secret" },
      fetch,
    });
    // The login session's code is loaded when the client is made (a chunk of its own): real I/O, which fake
    // timers do not advance.
    await vi.waitFor(() => import("../../../src/core/auth/loginSession.js"));
    const pending = client.getJobSession("8");
    await vi.runAllTimersAsync();
    await expect(pending).resolves.toMatchObject({ id: "8" });
    const login = "grant_type=Password&username=backupadmin&password=secret";
    expect(bodies).toEqual([login, login, ""]);
  });

  it("stops waiting at once when the caller aborts, leaving no timer", async () => {
    const { client, calls } = clientAnswering(status(503, { "retry-after": "30" }), ok());
    const controller = new AbortController();
    const pending = client.getJobSession("8", { signal: controller.signal });
    const settled = expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    await settled;
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("can be turned off", async () => {
    const fetch = vi.fn(async () => status(503));
    const client = createClient({ baseUrl: "https://h", token: "t", fetch, retry: false });
    await expect(client.getJobSession("8")).rejects.toMatchObject({ status: 503 });
    expect(fetch).toHaveBeenCalledOnce();
  });
});

describe("retryPolicy, alone", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const pipelineRequest = (method: string, signal: AbortSignal | null = null): PipelineRequest => ({
    url: "https://h/api/v1/virtualMachines/vm/deleteSnapshots",
    method,
    headers: new Headers(),
    body: null,
    signal,
  });
  const options = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

  /** A next that answers (or throws) each of `outcomes` in turn, the last one from then on. */
  function answering(...outcomes: (Response | Error | (() => Response))[]) {
    let calls = 0;
    const next = vi.fn<SendRequest>(async () => {
      const outcome = outcomes[Math.min(calls++, outcomes.length - 1)];
      if (outcome instanceof Error) throw outcome;
      return typeof outcome === "function" ? outcome() : (outcome as Response);
    });
    return next;
  }

  /** Runs the policy to its end, every backoff elapsed, and gives back how it settled. */
  async function run(policy: ReturnType<typeof retryPolicy>, req: PipelineRequest, next: SendRequest) {
    const outcome = policy(req, next).then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    await vi.runAllTimersAsync();
    return outcome;
  }

  it("sends at most `attempts` times, the first included", async () => {
    const next = answering(() => status(503));
    await run(retryPolicy(options), pipelineRequest("GET"), next);
    expect(next).toHaveBeenCalledTimes(3);
  });

  it("sends once with attempts: 1, whatever the outcome", async () => {
    const unavailable = answering(() => status(503));
    await run(retryPolicy({ ...options, attempts: 1 }), pipelineRequest("GET"), unavailable);
    expect(unavailable).toHaveBeenCalledOnce();
    const failing = answering(reset);
    await run(retryPolicy({ ...options, attempts: 1 }), pipelineRequest("GET"), failing);
    expect(failing).toHaveBeenCalledOnce();
  });

  it("stops as soon as an attempt succeeds, with its response", async () => {
    const ok = new Response("ok");
    const next = answering(status(503), ok, status(503));
    await expect(run(retryPolicy(options), pipelineRequest("GET"), next)).resolves.toEqual({ response: ok });
    expect(next).toHaveBeenCalledTimes(2);
  });

  it("returns an outcome it may not retry at once, the same object", async () => {
    const notFound = status(404);
    const next = answering(notFound);
    await expect(run(retryPolicy(options), pipelineRequest("GET"), next)).resolves.toEqual({
      response: notFound,
    });
    expect(next).toHaveBeenCalledOnce();
  });

  it("retries a POST after a refused connection, and counts it as an attempt", async () => {
    const ok = new Response("ok");
    const next = answering(refused, ok);
    await expect(run(retryPolicy(options), pipelineRequest("POST"), next)).resolves.toEqual({ response: ok });
    expect(next).toHaveBeenCalledTimes(2);
    const always = answering(refused);
    const { error } = (await run(retryPolicy(options), pipelineRequest("POST"), always)) as {
      error: unknown;
    };
    expect(error).toBe(refused);
    expect(always).toHaveBeenCalledTimes(3);
  });

  it("does not retry a POST after a reset or a timeout: the deletion may have started", async () => {
    for (const failure of [reset, timeout]) {
      const next = answering(failure, new Response("ok"));
      await expect(run(retryPolicy(options), pipelineRequest("POST"), next)).resolves.toEqual({
        error: failure,
      });
      expect(next).toHaveBeenCalledOnce();
    }
  });

  it("does not retry an error that is not a network error or a timeout", async () => {
    const bug = new TypeError("not a function");
    const next = answering(bug, new Response("ok"));
    await expect(run(retryPolicy(options), pipelineRequest("GET"), next)).resolves.toEqual({ error: bug });
    expect(next).toHaveBeenCalledOnce();
  });

  it("returns the last response when every attempt failed with a status", async () => {
    const last = status(504);
    const next = answering(status(502), status(503), last);
    await expect(run(retryPolicy(options), pipelineRequest("GET"), next)).resolves.toEqual({
      response: last,
    });
  });

  it("throws the last error when every attempt failed with one", async () => {
    const next = answering(refused, reset, timeout);
    await expect(run(retryPolicy(options), pipelineRequest("GET"), next)).resolves.toEqual({
      error: timeout,
    });
    expect(next).toHaveBeenCalledTimes(3);
  });

  it("sends a replay a policy asked for again at once, even a POST refused with 401", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    const refusedToken = status(401);
    requestReplay(refusedToken);
    const ok = new Response("ok");
    const next = answering(refusedToken, ok);
    const pending = retryPolicy(options)(pipelineRequest("POST"), next);
    await vi.advanceTimersByTimeAsync(0);
    expect(next).toHaveBeenCalledTimes(2);
    await expect(pending).resolves.toBe(ok);
  });

  it("counts a replay within `attempts`, and returns the last 401", async () => {
    const next = answering(() => {
      const response = status(401);
      requestReplay(response);
      return response;
    });
    const outcome = await run(retryPolicy({ ...options, attempts: 2 }), pipelineRequest("POST"), next);
    expect(next).toHaveBeenCalledTimes(2);
    expect((outcome as { response: Response }).response.status).toBe(401);
  });

  it("does not send a 401 no policy asked to replay again", async () => {
    const next = answering(status(401), new Response("ok"));
    const { response } = (await run(retryPolicy(options), pipelineRequest("GET"), next)) as {
      response: Response;
    };
    expect(response.status).toBe(401);
    expect(next).toHaveBeenCalledOnce();
  });

  it("waits a backoff that doubles with each retry", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const next = answering(reset, reset, new Response("ok"));
    const pending = retryPolicy(options)(pipelineRequest("GET"), next);
    await vi.advanceTimersByTimeAsync(499);
    expect(next).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(next).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(next).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(next).toHaveBeenCalledTimes(3);
    await expect(pending).resolves.toBeInstanceOf(Response);
  });

  /** When `next` is called the second time, in ms after the first (jitter drawn at half its bound). */
  async function secondAttemptAfter(first: Response): Promise<number> {
    const start = Date.parse("2026-11-23T12:00:00Z");
    vi.setSystemTime(start);
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const next = answering(first, new Response("ok"));
    const pending = retryPolicy(options)(pipelineRequest("GET"), next);
    await vi.advanceTimersToNextTimerAsync();
    expect(next).toHaveBeenCalledTimes(2);
    await expect(pending).resolves.toBeInstanceOf(Response);
    return Date.now() - start;
  }

  it("waits a jittered backoff after a status without Retry-After", async () => {
    expect(await secondAttemptAfter(status(503))).toBe(500);
  });

  it("waits what Retry-After asks, in seconds or as an HTTP date", async () => {
    expect(await secondAttemptAfter(status(503, { "retry-after": "20" }))).toBe(20_000);
    expect(await secondAttemptAfter(status(429, { "retry-after": "Mon, 23 Nov 2026 12:00:07 GMT" }))).toBe(
      7000,
    );
  });

  it.each([
    "12abc",
    "12 seconds",
    "-5",
    "Mo, 23 Nov 2026 12:00:30 GMT",
    "23 Nov 2026 12:00:30 GMT",
    "23Nov 2026 12:00:30 GMT",
    "(Mon), 23 Nov 2026 12:00:30 GMT",
  ])("treats Retry-After %j, neither seconds nor an HTTP date, as absent", async (value) => {
    expect(await secondAttemptAfter(status(503, { "retry-after": value }))).toBe(500);
  });

  it("stops a backoff at once when the request's signal aborts, with its reason and no timer left", async () => {
    const caller = new AbortController();
    const next = answering(status(503, { "retry-after": "30" }), new Response("ok"));
    const pending = retryPolicy(options)(pipelineRequest("GET", caller.signal), next);
    const reason = new Error("cancelled");
    const settled = expect(pending).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(1000);
    caller.abort(reason);
    await settled;
    expect(next).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("hands next the request it was given, on every attempt", async () => {
    const req = pipelineRequest("GET");
    const next = answering(reset, new Response("ok"));
    await run(retryPolicy(options), req, next);
    expect(next.mock.calls.map(([sent]) => sent)).toEqual([req, req]);
    expect(next.mock.calls[1]?.[0]).toBe(req);
  });
});
