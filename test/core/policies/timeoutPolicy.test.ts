// The timeout policy with fake timers and an in-memory next: the time limit of an attempt, the attempt's own
// signal (aborted by the limit or by the caller), and that nothing is left behind, a timer or a listener.
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TimeoutError } from "../../../src/core/errors.js";
import type { PipelineRequest, SendRequest } from "../../../src/core/pipeline.js";
import { timeoutPolicy } from "../../../src/core/policies/timeoutPolicy.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const request = (extra: Partial<PipelineRequest> = {}): PipelineRequest => ({
  url: "https://h/api/v1/jobSessions/8?x=1",
  method: "GET",
  headers: new Headers(),
  body: null,
  signal: null,
  ...extra,
});

/** A next that never answers by itself: it rejects as fetch does when its signal aborts. */
function hanging() {
  const seen: PipelineRequest[] = [];
  const next = vi.fn<SendRequest>(
    (req) =>
      new Promise<Response>((_resolve, reject) => {
        seen.push(req);
        req.signal?.addEventListener("abort", () =>
          reject(new DOMException("This operation was aborted", "AbortError")),
        );
      }),
  );
  return { next, seen };
}

const settle = (promise: Promise<unknown>) => {
  const state: { outcome?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { outcome: value, settled: true }),
    (error: unknown) => Object.assign(state, { outcome: error, settled: true }),
  );
  return state;
};

describe("timeoutPolicy: the limit", () => {
  it("fails an attempt with a TimeoutError after exactly timeoutMs, and not before", async () => {
    const { next } = hanging();
    const state = settle(timeoutPolicy(1500)(request(), next));
    await vi.advanceTimersByTimeAsync(1499);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.settled).toBe(true);
    expect(state.outcome).toBeInstanceOf(TimeoutError);
    expect(state.outcome).toMatchObject({
      name: "TimeoutError",
      message: "GET /api/v1/jobSessions/8: no complete response within 1500 ms",
      timeoutMs: 1500,
    });
  });

  it("names the request's method and path", async () => {
    const { next } = hanging();
    const req = request({ method: "POST", url: "https://h/api/v1/virtualMachines/vm/deleteSnapshots" });
    const pending = timeoutPolicy(20)(req, next);
    const settled = expect(pending).rejects.toThrow(
      "POST /api/v1/virtualMachines/vm/deleteSnapshots: no complete response within 20 ms",
    );
    await vi.advanceTimersByTimeAsync(20);
    await settled;
  });

  it("hands next a copy of the request with a signal of its own, which the limit aborts", async () => {
    const { next, seen } = hanging();
    const caller = new AbortController();
    const req = request({ method: "POST", body: new ArrayBuffer(3), signal: caller.signal });
    const pending = timeoutPolicy(100)(req, next);
    const settled = expect(pending).rejects.toBeInstanceOf(TimeoutError);
    expect(next).toHaveBeenCalledOnce();
    const [sent] = seen;
    expect(sent).toMatchObject({ url: req.url, method: "POST", headers: req.headers, body: req.body });
    expect(sent?.headers).toBe(req.headers);
    expect(sent?.body).toBe(req.body);
    expect(sent?.signal).toBeInstanceOf(AbortSignal);
    expect(sent?.signal).not.toBe(caller.signal);
    expect(sent?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent?.signal?.aborted).toBe(true);
    expect(sent?.signal?.reason).toBeInstanceOf(TimeoutError);
    expect(caller.signal.aborted).toBe(false);
    await settled;
  });

  it("reports the timeout, not the abort error next rejects with", async () => {
    const { next } = hanging();
    const pending = timeoutPolicy(10)(request(), next);
    const settled = expect(pending).rejects.toMatchObject({ name: "TimeoutError", timeoutMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    await settled;
  });
});

describe("timeoutPolicy: the caller's signal", () => {
  it("aborts the attempt when the caller aborts, and rejects with the caller's reason", async () => {
    const { next, seen } = hanging();
    const caller = new AbortController();
    const pending = timeoutPolicy(10_000)(request({ signal: caller.signal }), next);
    const reason = new Error("the user pressed Ctrl-C");
    const settled = expect(pending).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(50);
    caller.abort(reason);
    expect(seen[0]?.signal?.aborted).toBe(true);
    expect(seen[0]?.signal?.reason).toBe(reason);
    await settled;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the reason of a caller's signal already aborted, before calling next", async () => {
    const { next } = hanging();
    const caller = new AbortController();
    const reason = new Error("cancelled");
    caller.abort(reason);
    await expect(timeoutPolicy(100)(request({ signal: caller.signal }), next)).rejects.toBe(reason);
    expect(next).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("works with a request whose signal is null", async () => {
    const answer = new Response("ok");
    const next = vi.fn<SendRequest>(async (req) => {
      expect(req.signal).toBeInstanceOf(AbortSignal);
      return answer;
    });
    await expect(timeoutPolicy(100)(request({ signal: null }), next)).resolves.toBe(answer);
    const failure = new Error("refused");
    await expect(
      timeoutPolicy(100)(request({ signal: null }), async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("timeoutPolicy: what passes through", () => {
  it("resolves with next's response, the same object", async () => {
    const answer = new Response("ok");
    await expect(timeoutPolicy(100)(request(), async () => answer)).resolves.toBe(answer);
  });

  it("passes an error from next unchanged when nothing aborted", async () => {
    const failure = new Error("ECONNREFUSED");
    const caller = new AbortController();
    await expect(
      timeoutPolicy(100)(request({ signal: caller.signal }), async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it("passes an answer that comes just before the limit", async () => {
    const answer = new Response("ok");
    const next: SendRequest = () => new Promise((resolve) => setTimeout(() => resolve(answer), 99));
    const pending = timeoutPolicy(100)(request(), next);
    await vi.advanceTimersByTimeAsync(99);
    await expect(pending).resolves.toBe(answer);
  });
});

describe("timeoutPolicy: nothing left behind", () => {
  it("clears its timer and removes its listener from the caller's signal after a success", async () => {
    const caller = new AbortController();
    const add = vi.spyOn(caller.signal, "addEventListener");
    const remove = vi.spyOn(caller.signal, "removeEventListener");
    let during = -1;
    await timeoutPolicy(100)(request({ signal: caller.signal }), async () => {
      during = getEventListeners(caller.signal, "abort").length;
      expect(vi.getTimerCount()).toBe(1);
      return new Response("ok");
    });
    expect(during).toBe(1);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(add).toHaveBeenCalledOnce();
    expect(remove).toHaveBeenCalledOnce();
    expect(remove).toHaveBeenCalledWith("abort", add.mock.calls[0]?.[1]);
  });

  it("clears its timer and removes its listener after a failure", async () => {
    const caller = new AbortController();
    const remove = vi.spyOn(caller.signal, "removeEventListener");
    await expect(
      timeoutPolicy(100)(request({ signal: caller.signal }), async () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    expect(remove).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clears its timer and removes its listener after a timeout", async () => {
    const { next } = hanging();
    const caller = new AbortController();
    const pending = timeoutPolicy(100)(request({ signal: caller.signal }), next);
    const settled = expect(pending).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(100);
    await settled;
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not abort a later attempt's signal when the caller aborts after this attempt ended", async () => {
    const caller = new AbortController();
    const seen: PipelineRequest[] = [];
    await timeoutPolicy(100)(request({ signal: caller.signal }), async (req) => {
      seen.push(req);
      return new Response("ok");
    });
    caller.abort();
    expect(seen[0]?.signal?.aborted).toBe(false);
  });
});
