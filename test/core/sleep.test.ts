// sleep with fake timers: it waits the time asked, an abort ends the wait at once with the signal's reason, and
// nothing is left behind, neither a timer nor a listener on the signal.
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sleep } from "../../src/core/sleep.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether `promise` has settled, and how, without waiting for it. */
function track(promise: Promise<void>) {
  const state: { settled: "no" | "resolved" | "rejected"; reason?: unknown } = { settled: "no" };
  promise.then(
    () => {
      state.settled = "resolved";
    },
    (reason: unknown) => {
      state.settled = "rejected";
      state.reason = reason;
    },
  );
  return state;
}

describe("sleep", () => {
  it("resolves after ms, not before", async () => {
    const state = track(sleep(1_000, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(999);
    expect(state.settled).toBe("no");
    await vi.advanceTimersByTimeAsync(1);
    expect(state.settled).toBe("resolved");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("works without a signal", async () => {
    const state = track(sleep(50));
    await vi.advanceTimersByTimeAsync(49);
    expect(state.settled).toBe("no");
    await vi.advanceTimersByTimeAsync(1);
    expect(state.settled).toBe("resolved");
  });

  it("rejects with the reason of a signal already aborted, without starting a timer", async () => {
    const reason = new Error("stopped before");
    const signal = AbortSignal.abort(reason);
    const slept = sleep(1_000, signal);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    await expect(slept).rejects.toBe(reason);
  });

  it("rejects with the reason as soon as the signal aborts mid-wait, and clears its timer", async () => {
    const controller = new AbortController();
    const state = track(sleep(1_000, controller.signal));
    await vi.advanceTimersByTimeAsync(400);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error("stopped");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(state).toEqual({ settled: "rejected", reason });
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("removes its abort listener once it resolves", async () => {
    const controller = new AbortController();
    const slept = sleep(100, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await expect(slept).resolves.toBeUndefined();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
