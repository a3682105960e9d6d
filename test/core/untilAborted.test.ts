// untilAborted: waiting for work shared by several callers, stopping one caller's wait when its signal aborts
// without cancelling the work, and leaving no listener on the signal afterwards.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { untilAborted } from "../../src/core/untilAborted.js";
import { type Deferred, deferred } from "../helpers/deferred.js";

const never = () => new Promise<string>(() => {});
const flush = () => new Promise((resolve) => setImmediate(resolve));
const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort");
/** `outcome`, or "still pending" when it has not settled once the promises under way have run. */
const soon = <T>(outcome: Promise<T>) => Promise.race([outcome, flush().then(() => "still pending")]);

describe("untilAborted", () => {
  it("returns the pending promise itself when there is no signal", () => {
    const pending = never();
    expect(untilAborted(pending, null)).toBe(pending);
  });

  it("rejects with the reason of a signal that has aborted already, without waiting or listening", async () => {
    const controller = new AbortController();
    const reason = new Error("aborted before");
    controller.abort(reason);
    const add = vi.spyOn(controller.signal, "addEventListener");
    await expect(soon(untilAborted(never(), controller.signal))).rejects.toBe(reason);
    expect(add).not.toHaveBeenCalled();
  });

  it("rejects with the signal's default reason when it aborted without one", async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = untilAborted(never(), controller.signal);
    await expect(soon(outcome)).rejects.toBe(controller.signal.reason);
    await expect(outcome).rejects.toMatchObject({ name: "AbortError" });
  });

  it("resolves with the pending value", async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve("token-1"), controller.signal)).resolves.toBe("token-1");
  });

  it("rejects with the pending error", async () => {
    const controller = new AbortController();
    const failure = new Error("login refused");
    await expect(untilAborted(Promise.reject(failure), controller.signal)).rejects.toBe(failure);
  });

  it("waits for the pending outcome while the signal has not aborted", async () => {
    const controller = new AbortController();
    const pending = deferred<string>();
    let settled = false;
    const outcome = untilAborted(pending.promise, controller.signal).then((value) => {
      settled = true;
      return value;
    });
    await flush();
    expect(settled).toBe(false);
    pending.resolve("token-1");
    await expect(outcome).resolves.toBe("token-1");
  });

  it("rejects with the reason as soon as the signal aborts mid-wait", async () => {
    const controller = new AbortController();
    const outcome = untilAborted(never(), controller.signal);
    await flush();
    const reason = new Error("user gave up");
    controller.abort(reason);
    await expect(soon(outcome)).rejects.toBe(reason);
  });

  it("lets the work go on after an abort: its later outcome changes nothing and is not unhandled", async () => {
    const controller = new AbortController();
    const pending = deferred<string>();
    const outcome = untilAborted(pending.promise, controller.signal);
    const reason = new Error("user gave up");
    controller.abort(reason);
    const checked = expect(outcome).rejects.toBe(reason);
    pending.reject(new Error("login refused"));
    await flush();
    await checked;
  });

  it("listens to the signal's abort event while waiting", () => {
    const controller = new AbortController();
    untilAborted(never(), controller.signal);
    expect(listeners(controller.signal)).toHaveLength(1);
  });

  it.each([
    ["resolves", (pending: Deferred<string>) => pending.resolve("token-1")],
    ["rejects", (pending: Deferred<string>) => pending.reject(new Error("login refused"))],
  ])("removes its listener from the signal once the pending promise %s", async (_how, settle) => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const add = vi.spyOn(controller.signal, "addEventListener");
    const pending = deferred<string>();
    const outcome = untilAborted(pending.promise, controller.signal).catch(() => undefined);
    settle(pending);
    await outcome;
    await flush();
    expect(listeners(controller.signal)).toHaveLength(0);
    const added = add.mock.calls[0];
    expect(added?.[0]).toBe("abort");
    expect(remove).toHaveBeenCalledWith("abort", added?.[1]);
  });

  it("leaves no listener on the signal after an abort, though the work is still pending", async () => {
    const controller = new AbortController();
    const outcome = untilAborted(never(), controller.signal);
    controller.abort(new Error("user gave up"));
    await expect(soon(outcome)).rejects.toThrow("user gave up");
    expect(listeners(controller.signal)).toHaveLength(0);
  });
});
