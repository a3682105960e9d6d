// Following a job session to its end: polling with fake timers, the final statuses, time limits and aborts,
// and (on real loopback servers) that the session's own links are never followed.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JobSessionError, TimeoutError } from "../../src/core/errors.js";
import { outcomesOf } from "../../src/core/waitForJobSession.js";
import { createClient } from "../../src/v1/client.js";
import type { JobSession } from "../../src/v1/models.js";
import { jobSession, json, startFaultServer } from "../helpers/faultServer.js";

function sessionsClient(statuses: string[]) {
  const polls: string[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const request = new Request(url, init);
    polls.push(new URL(request.url).pathname);
    return Response.json(
      jobSession("8", statuses[Math.min(polls.length - 1, statuses.length - 1)] ?? "Running"),
    );
  });
  return { client: createClient({ baseUrl: "https://h", token: "t", fetch }), polls };
}

describe("waitForJobSession", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("polls every intervalMs until the session succeeds", async () => {
    const { client, polls } = sessionsClient(["Running", "Running", "Success"]);
    const onPoll = vi.fn();
    const pending = client.waitForJobSession("8", { intervalMs: 1000, onPoll });
    await vi.advanceTimersByTimeAsync(0);
    expect(polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1001);
    await expect(pending).resolves.toMatchObject({ status: "Success" });
    expect(polls).toEqual(Array(3).fill("/api/v1/jobSessions/8"));
    expect(onPoll.mock.calls.map(([s]) => (s as JobSession).status)).toEqual(["Running", "Success"]);
  });

  it("returns a session that is already final without a request", async () => {
    const { client, polls } = sessionsClient([]);
    await expect(client.waitForJobSession(jobSession("8", "Warning"))).resolves.toMatchObject({
      status: "Warning",
    });
    expect(polls).toHaveLength(0);
  });

  it("keeps polling through statuses it does not know", async () => {
    const { client } = sessionsClient(["Pending", "Paused", "RunningWithWarning", "Success"]);
    const pending = client.waitForJobSession("8", { intervalMs: 10 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(pending).resolves.toMatchObject({ status: "Success" });
  });

  it.each(["Error", "Failed", "Canceled"])("rejects with the session when it ends in %s", async (status) => {
    const { client } = sessionsClient(["Running", status]);
    const pending = client.waitForJobSession("8", { intervalMs: 10 });
    const settled = expect(pending).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof JobSessionError &&
        error.session.status === status &&
        error.message === `Job session 8 (SnapshotDeletion) ended with status ${status}`,
    );
    await vi.advanceTimersByTimeAsync(100);
    await settled;
  });

  it("gives up after timeoutMs with a TimeoutError that tells the last status", async () => {
    const { client, polls } = sessionsClient(["Running"]);
    const pending = client.waitForJobSession("8", { intervalMs: 1000, timeoutMs: 3500 });
    const settled = expect(pending).rejects.toThrow(
      new TimeoutError("Job session 8 did not finish within 3500 ms (last status Running)", 3500),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await settled;
    expect(polls).toHaveLength(5);
  });

  it("stops at once when aborted, leaving no timer", async () => {
    const { client } = sessionsClient(["Running"]);
    const controller = new AbortController();
    const pending = client.waitForJobSession("8", { intervalMs: 60_000, signal: controller.signal });
    const settled = expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await settled;
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    [{ intervalMs: -1 }, RangeError],
    [{ timeoutMs: 0 }, RangeError],
  ])("refuses %o", async (options, type) => {
    const { client, polls } = sessionsClient(["Running"]);
    await expect(client.waitForJobSession("8", options)).rejects.toBeInstanceOf(type);
    expect(polls).toHaveLength(0);
  });
});

describe("outcomesOf", () => {
  it("counts as succeeded the final statuses that are not failed ones", () => {
    const failed = new Set(["Error", "Canceled"]);
    const outcomes = outcomesOf(new Set(["Success", "Error", "Warning", "Canceled"]), failed);
    expect([...outcomes.succeeded]).toEqual(["Success", "Warning"]);
    expect(outcomes.failed).toBe(failed);
  });

  it("leaves the sets it is given as they were", () => {
    const final = new Set(["Success", "Error"]);
    const failed = new Set(["Error"]);
    outcomesOf(final, failed);
    expect([...final]).toEqual(["Success", "Error"]);
    expect([...failed]).toEqual(["Error"]);
  });
});

describe("waitForJobSession and links", () => {
  it("polls the client's own appliance by id, never the href in the session's links", async () => {
    const [appliance, elsewhere] = await Promise.all([startFaultServer(), startFaultServer()]);
    try {
      const links = { self: { href: `${elsewhere.url}/api/v1/jobSessions/8` } };
      appliance.handle((_req, res, _body, index) =>
        json(res, 200, jobSession("8", index < 1 ? "Running" : "Success", links)),
      );
      const client = createClient({ baseUrl: appliance.url, token: "t" });
      const done = await client.waitForJobSession(jobSession("8", "Running", links), { intervalMs: 5 });
      expect(done.status).toBe("Success");
      expect(appliance.received.map((r) => r.url)).toEqual([
        "/api/v1/jobSessions/8",
        "/api/v1/jobSessions/8",
      ]);
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await Promise.all([appliance.close(), elsewhere.close()]);
    }
  });
});
