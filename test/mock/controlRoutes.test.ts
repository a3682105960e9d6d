// The control routes under /_mock/ over a recording control: each one calls the control function its path names
// with what the body says and answers JSON; a bad body is a 400 problem that says what was wrong; unknown paths
// and methods are answered 404 and 405.
import { describe, expect, it } from "vitest";
import { controlRoutes, isControlPath } from "../../src/mock/controlRoutes.js";
import type { MockSessionRecord, MockVm } from "../../src/mock/types.js";
import { fakeControl } from "../helpers/fakeAppliance.js";

function routes() {
  const control = fakeControl();
  const answer = controlRoutes(control);
  const call = async (method: string, path: string, body?: string) => {
    const response = await answer(
      new Request(`http://127.0.0.1:4010${path}`, { method, ...(body === undefined ? {} : { body }) }),
    );
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      allow: response.headers.get("allow"),
      body: text ? JSON.parse(text) : undefined,
    };
  };
  return { control, call };
}

// A 400 problem whose detail is this.
const badRequest = (detail: string | RegExp) => ({
  status: 400,
  type: "application/problem+json",
  body: {
    title: "Bad Request",
    status: 400,
    detail: typeof detail === "string" ? detail : expect.stringMatching(detail),
  },
});

describe("isControlPath", () => {
  it.each([
    ["/_mock/reset", true],
    ["/_mock", true],
    ["/_mocking", false],
    ["/api/v8.1/_mock/reset", false],
    ["/api/v8.1/system/about", false],
  ])("%s: %s", (path, expected) => {
    expect(isControlPath(path)).toBe(expected);
  });
});

describe("POST /_mock/reset", () => {
  it("resets with no body, with an empty object, and with a new seed and inventory size; answers 204", async () => {
    const { control, call } = routes();
    expect(await call("POST", "/_mock/reset")).toMatchObject({ status: 204, body: undefined });
    expect(await call("POST", "/_mock/reset", "{}")).toMatchObject({ status: 204 });
    expect(await call("POST", "/_mock/reset", '{"seed":2,"snapshots":500}')).toMatchObject({ status: 204 });
    expect(control.resets).toEqual([{}, {}, { seed: 2, snapshots: 500 }]);
  });

  it("takes an inventory of VMs", async () => {
    const { control, call } = routes();
    const vms = [{ vmId: "vm-1", name: "one", manual: true }];
    expect((await call("POST", "/_mock/reset", JSON.stringify({ snapshots: vms }))).status).toBe(204);
    expect(control.resets).toEqual([{ snapshots: vms }]);
  });

  it.each([
    [
      '{"seed":"two"}',
      "POST /_mock/reset: seed must be integer: give { seed?: integer, snapshots?: integer | MockVm[] }",
    ],
    ['{"snapshots":-1}', /^POST \/_mock\/reset: snapshots must be >= 0: give /],
    [
      '{"snapshot":5}',
      /^POST \/_mock\/reset: the body must NOT have additional properties \(snapshot\): give /,
    ],
    ["[1]", /^POST \/_mock\/reset: the body must be object: give /],
    ["seed=2", /^POST \/_mock\/reset: the body is not JSON \(.+\): give \{ seed\?/],
  ])("refuses %s with a 400 that says what was wrong", async (body, detail) => {
    const { control, call } = routes();
    expect(await call("POST", "/_mock/reset", body)).toEqual({ ...badRequest(detail), allow: null });
    expect(control.reset).not.toHaveBeenCalled();
  });
});

describe("POST and DELETE /_mock/faults", () => {
  it("adds a fault and answers its id; DELETE /_mock/faults/{id} removes that one only", async () => {
    const { control, call } = routes();
    const status = { operation: "listVirtualMachineSnapshots", status: 503, retryAfter: "1", times: 2 };
    const reset = { operation: "*", kind: "reset", probability: 0.5 };
    const first = await call("POST", "/_mock/faults", JSON.stringify(status));
    const second = await call("POST", "/_mock/faults", JSON.stringify(reset));
    expect(first).toMatchObject({ status: 201, type: "application/json; charset=utf-8", body: { id: "1" } });
    expect(second.body).toEqual({ id: "2" });
    expect(control.faults).toEqual([status, reset]);

    expect((await call("DELETE", "/_mock/faults/1")).status).toBe(204);
    expect(control.faults).toEqual([reset]);
    // Gone now: its id is no fault any more.
    expect(await call("DELETE", "/_mock/faults/1")).toMatchObject({
      status: 404,
      body: {
        detail: expect.stringMatching(
          /^DELETE \/_mock\/faults\/1: no fault 1: the ids are those POST \/_mock\/faults answered/,
        ),
      },
    });
  });

  it("DELETE /_mock/faults clears them all, and their ids with them; ids are not reused", async () => {
    const { control, call } = routes();
    await call("POST", "/_mock/faults", '{"operation":"*","kind":"hang"}');
    expect((await call("DELETE", "/_mock/faults")).status).toBe(204);
    expect(control.clearFaults).toHaveBeenCalledOnce();
    expect(control.faults).toEqual([]);
    expect((await call("DELETE", "/_mock/faults/1")).status).toBe(404);
    expect((await call("POST", "/_mock/faults", '{"operation":"*","status":500}')).body).toEqual({ id: "2" });
  });

  it("forgets the ids of faults a reset removed", async () => {
    const { call } = routes();
    await call("POST", "/_mock/faults", '{"operation":"*","status":500}');
    await call("POST", "/_mock/reset");
    expect((await call("DELETE", "/_mock/faults/1")).status).toBe(404);
  });

  it.each([
    ["", /^POST \/_mock\/faults: the body is empty: give \{ operation: string, status\?: 400-599, kind\?/],
    ['{"status":503}', /^POST \/_mock\/faults: the body must have required property 'operation': give /],
    ['{"operation":"*","status":200}', /^POST \/_mock\/faults: status must be >= 400: give /],
    ['{"operation":"*","status":503.5}', /^POST \/_mock\/faults: status must be integer: give /],
    [
      '{"operation":"*","kind":"drop"}',
      /^POST \/_mock\/faults: kind must be equal to one of the allowed values \("reset", "hang"\): give /,
    ],
    ['{"operation":"*","status":503,"times":0}', /^POST \/_mock\/faults: times must be >= 1: give /],
    [
      '{"operation":"*","status":503,"probability":2}',
      /^POST \/_mock\/faults: probability must be <= 1: give /,
    ],
    [
      '{"operation":"*","status":503,"retryAfter":true}',
      /^POST \/_mock\/faults: retryAfter must be number: give /,
    ],
    [
      '{"operation":"*","statuss":503}',
      /^POST \/_mock\/faults: the body must NOT have additional properties \(statuss\): give /,
    ],
    ['{"operation":"*"}', "POST /_mock/faults: give either status or kind, not neither"],
    [
      '{"operation":"*","status":503,"kind":"reset"}',
      "POST /_mock/faults: give either status or kind, not both",
    ],
  ])("refuses %s with a 400 that says what was wrong", async (body, detail) => {
    const { control, call } = routes();
    expect(await call("POST", "/_mock/faults", body)).toEqual({ ...badRequest(detail), allow: null });
    expect(control.fault).not.toHaveBeenCalled();
  });

  it("answers 400 with the control's own message when it refuses the fault", async () => {
    const { control, call } = routes();
    control.fault = () => {
      throw new RangeError("operation nosuchOperation is in no spec");
    };
    expect(await call("POST", "/_mock/faults", '{"operation":"nosuchOperation","status":500}')).toEqual({
      ...badRequest("POST /_mock/faults: operation nosuchOperation is in no spec"),
      allow: null,
    });
  });
});

describe("the clock", () => {
  it("GET /_mock/clock answers the mock's time; POST /_mock/clock/advance moves it and answers the new time", async () => {
    const { control, call } = routes();
    expect(await call("GET", "/_mock/clock")).toMatchObject({
      status: 200,
      body: { now: "2026-01-01T00:00:00.000Z" },
    });
    expect(await call("POST", "/_mock/clock/advance", '{"ms":2000}')).toMatchObject({
      status: 200,
      body: { now: "2026-01-01T00:00:02.000Z" },
    });
    expect(control.advance).toHaveBeenCalledWith(2000);
    expect((await call("GET", "/_mock/clock")).body).toEqual({ now: "2026-01-01T00:00:02.000Z" });
  });

  it.each([
    ["", /^POST \/_mock\/clock\/advance: the body is empty: give \{ ms: number >= 0 \}$/],
    ['{"ms":-1}', "POST /_mock/clock/advance: ms must be >= 0: give { ms: number >= 0 }"],
    ['{"ms":"2s"}', "POST /_mock/clock/advance: ms must be number: give { ms: number >= 0 }"],
    ['{"seconds":2}', /^POST \/_mock\/clock\/advance: the body must have required property 'ms'/],
  ])("refuses %s with a 400 that says what was wrong", async (body, detail) => {
    const { control, call } = routes();
    expect(await call("POST", "/_mock/clock/advance", body)).toEqual({ ...badRequest(detail), allow: null });
    expect(control.advance).not.toHaveBeenCalled();
  });
});

describe("what the mock holds", () => {
  it("GET /_mock/snapshots answers the inventory, and /_mock/snapshots/count its size", async () => {
    const { control, call } = routes();
    const vms = [
      { vmId: "vm-1", name: "one" },
      { vmId: "vm-2", name: "two", manual: true },
    ] as MockVm[];
    control.inventory = vms;
    expect(await call("GET", "/_mock/snapshots")).toMatchObject({ status: 200, body: vms });
    expect((await call("GET", "/_mock/snapshots/count")).body).toEqual({ count: 2 });
  });

  it("GET /_mock/sessions answers the job sessions, their times as ISO strings", async () => {
    const { control, call } = routes();
    const session: MockSessionRecord = {
      id: "1",
      type: "SnapshotDeletion",
      status: "Running",
      vmIds: ["vm-1"],
      startedAt: new Date("2026-01-01T00:00:00.000Z"),
      endedAt: null,
    };
    control.records = [session];
    expect((await call("GET", "/_mock/sessions")).body).toEqual([
      { ...session, startedAt: "2026-01-01T00:00:00.000Z" },
    ]);
  });

  it("GET /_mock/errors answers each invalid response caught by name and message", async () => {
    const { control, call } = routes();
    control.caught = [new TypeError("GET /api/v8.1/jobSessions/1: $.status must be string")];
    expect((await call("GET", "/_mock/errors")).body).toEqual([
      { name: "TypeError", message: "GET /api/v8.1/jobSessions/1: $.status must be string" },
    ]);
  });

  it("POST /_mock/tokens/revoke revokes the tokens; answers 204", async () => {
    const { control, call } = routes();
    expect((await call("POST", "/_mock/tokens/revoke")).status).toBe(204);
    expect(control.revoked).toBe(1);
  });
});

describe("other paths and methods", () => {
  it("answers an unknown path under /_mock/ 404, listing the routes", async () => {
    const { call } = routes();
    const answer = await call("GET", "/_mock/nothing");
    expect(answer).toMatchObject({ status: 404, type: "application/problem+json" });
    expect(answer.body.detail).toMatch(
      /^GET \/_mock\/nothing: no such control route; there are POST \/_mock\/reset, /,
    );
    expect(answer.body.detail).toContain("GET /_mock/errors");
  });

  it("answers a known path with another method 405, with Allow", async () => {
    const { call } = routes();
    expect(await call("GET", "/_mock/faults")).toMatchObject({
      status: 405,
      allow: "POST, DELETE",
      body: { title: "Method Not Allowed", detail: "GET /_mock/faults: use POST, DELETE" },
    });
    expect(await call("POST", "/_mock/clock")).toMatchObject({ status: 405, allow: "GET" });
  });

  it("takes a trailing slash", async () => {
    const { call } = routes();
    expect((await call("GET", "/_mock/clock/")).status).toBe(200);
  });

  it("answers a control function that fails unexpectedly 500, with its message", async () => {
    const { control, call } = routes();
    control.snapshots = () => {
      throw new Error("out of memory materializing 1000000 VMs");
    };
    expect(await call("GET", "/_mock/snapshots")).toMatchObject({
      status: 500,
      body: { detail: "GET /_mock/snapshots: out of memory materializing 1000000 VMs" },
    });
  });
});
