// The retry policy with an in-memory fetch and fake timers: which outcomes are retried, how long it waits, and
// that aborting stops the wait.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../src/client.js";
import { NetworkError, TimeoutError } from "../src/errors.js";
import { backoffDelay, isRetryable, parseRetryAfter } from "../src/retry.js";

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
    const fetch = vi.fn(async (request: Request) => {
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
    const fetch = vi.fn(async (request: Request) => {
      bodies.push(await request.text());
      return answers.shift() ?? status(500);
    });
    const client = createClient({
      baseUrl: "https://h",
      credentials: { username: "backupadmin", password: "secret" },
      fetch,
    });
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
