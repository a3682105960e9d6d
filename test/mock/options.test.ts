// What the mock appliance refuses: every bad option of createMockAppliance rejects with a TypeError or a
// RangeError whose message names the option and says what was wrong; every bad argument of control.fault,
// control.advance and control.reset throws before it changes anything.
import { beforeAll, describe, expect, it } from "vitest";
import { createMockAppliance } from "../../src/mock/appliance.js";
import type {
  InProcessMockAppliance,
  MockApplianceOptions,
  MockFault,
  MockResetOptions,
  MockVm,
} from "../../src/mock/types.js";

const origin = "https://appliance.test";
const bearer = { authorization: "Bearer x" };

/** What a call threw (or rejected with); fails the test when it did not. */
async function thrown(call: () => unknown): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected it to throw, but it did not");
}

type Kind = "TypeError" | "RangeError" | "TypeError or RangeError";

function expectError(error: Error, kind: Kind, message: RegExp): void {
  if (kind === "TypeError or RangeError") expect([TypeError, RangeError]).toContain(error.constructor);
  else expect(error.constructor).toBe(kind === "TypeError" ? TypeError : RangeError);
  expect(error.message).toMatch(message);
}

/** A bad option (what `options()` returns), and the error it must get. */
interface BadOption {
  what: string;
  options: () => unknown;
  kind: Kind;
  message: RegExp;
}

/** A bad argument of control.fault, and the error it must get. */
interface BadFault {
  what: string;
  fault: unknown;
  kind: Kind;
  message: RegExp;
}

/** A VM of the v8.1 model, to build inventories from (the seed example's, without the mock's `manual`). */
let vm: MockVm;

beforeAll(async () => {
  const { manual: _manual, ...seedVm } = (await createMockAppliance()).control.snapshots()[0] as MockVm;
  vm = seedVm;
});

describe("createMockAppliance", () => {
  const bad: BadOption[] = [
    {
      what: "options that are not an object",
      options: () => null,
      kind: "TypeError",
      message: /^createMockAppliance: options must be an object/,
    },
    {
      what: "options that are a string",
      options: () => "8.1",
      kind: "TypeError",
      message: /^createMockAppliance: options must be an object/,
    },
    {
      what: "an unknown product",
      options: () => ({ product: "9.0" }),
      kind: "TypeError",
      message: /^createMockAppliance: product must be one of "8\.1", "8\.0", "7\.0", "1\.0" .*got "9\.0"$/,
    },
    {
      what: "a product given as a number",
      options: () => ({ product: 8.1 }),
      kind: "TypeError",
      message: /^createMockAppliance: product must be one of .*got 8\.1$/,
    },
    {
      what: "a negative number of snapshots",
      options: () => ({ snapshots: -1 }),
      kind: "RangeError",
      message: /^createMockAppliance: snapshots must be a whole number >= 0, got -1$/,
    },
    {
      what: "a fractional number of snapshots",
      options: () => ({ snapshots: 2.5 }),
      kind: "RangeError",
      message: /^createMockAppliance: snapshots must be a whole number >= 0, got 2\.5$/,
    },
    {
      what: "NaN snapshots",
      options: () => ({ snapshots: Number.NaN }),
      kind: "RangeError",
      message: /^createMockAppliance: snapshots must be a whole number >= 0, got NaN$/,
    },
    {
      what: "infinitely many snapshots",
      options: () => ({ snapshots: Number.POSITIVE_INFINITY }),
      kind: "RangeError",
      message: /^createMockAppliance: snapshots must be a whole number >= 0, got Infinity$/,
    },
    {
      what: "a number of snapshots given as a string",
      options: () => ({ snapshots: "10" }),
      kind: "TypeError or RangeError",
      message: /^createMockAppliance: snapshots must be a whole number >= 0/,
    },
    {
      what: "a snapshot that is not an object",
      options: () => ({ snapshots: [vm, null] }),
      kind: "TypeError",
      message: /^createMockAppliance: snapshots\[1\] is not an object$/,
    },
    {
      what: "a snapshot with a field of the wrong type",
      options: () => ({ snapshots: [vm, { ...vm, vmId: "vm-2", size: 5 }] }),
      kind: "TypeError",
      message:
        /^createMockAppliance: snapshots\[1\] is not a v8\.1 VirtualMachineSnapshot: \/size must be string$/,
    },
    {
      what: "a snapshot with a field the model does not have",
      options: () => ({ snapshots: [{ ...vm, colour: "blue" }] }),
      kind: "TypeError",
      message:
        /^createMockAppliance: snapshots\[0\] is not a v8\.1 VirtualMachineSnapshot: .*additional properties/,
    },
    {
      what: "a snapshot whose nested field is of the wrong type",
      options: () => ({ snapshots: [{ ...vm, region: { id: 7, name: "North Europe" } }] }),
      kind: "TypeError",
      message: /^createMockAppliance: snapshots\[0\] is not a v8\.1 VirtualMachineSnapshot: \/region\/id /,
    },
    {
      what: "two snapshots with the same vmId",
      options: () => ({
        snapshots: [
          { ...vm, vmId: "vm-1" },
          { ...vm, vmId: "vm-2" },
          { ...vm, vmId: "vm-1" },
        ],
      }),
      kind: "TypeError",
      message: /^createMockAppliance: snapshots\[2\]\.vmId vm-1 appears twice$/,
    },
    {
      what: "a snapshot without a vmId",
      options: () => {
        const { vmId: _vmId, ...withoutId } = vm;
        return { snapshots: [vm, withoutId] };
      },
      kind: "TypeError",
      message: /^createMockAppliance: snapshots\[1\]\.vmId must be a non-empty string/,
    },
    {
      what: "a snapshot with an empty vmId",
      options: () => ({ snapshots: [{ ...vm, vmId: "" }] }),
      kind: "TypeError",
      message: /^createMockAppliance: snapshots\[0\]\.vmId must be a non-empty string/,
    },
    {
      what: "a snapshot whose manual flag is not a boolean",
      options: () => ({ snapshots: [{ ...vm, manual: "yes" }] }),
      kind: "TypeError",
      message: /^createMockAppliance: snapshots\[0\]\.manual must be a boolean, got "yes"$/,
    },
    {
      what: "a negative seed",
      options: () => ({ seed: -1 }),
      kind: "RangeError",
      message: /^createMockAppliance: seed must be a whole number >= 0, got -1$/,
    },
    {
      what: "a fractional seed",
      options: () => ({ seed: 0.5 }),
      kind: "RangeError",
      message: /^createMockAppliance: seed must be a whole number >= 0, got 0\.5$/,
    },
    {
      what: "a seed given as a string",
      options: () => ({ seed: "1" }),
      kind: "TypeError or RangeError",
      message: /^createMockAppliance: seed must be a whole number >= 0/,
    },
    {
      what: "users that are not an array",
      options: () => ({ users: { username: "backupadmin", password: "s3cret" } }),
      kind: "TypeError",
      message: /^createMockAppliance: users must be an array of \{ username, password, mfaCode\? \}$/,
    },
    {
      what: "a user with an empty user name",
      options: () => ({ users: [{ username: "", password: "s3cret" }] }),
      kind: "TypeError",
      message: /^createMockAppliance: users\[0\] needs a non-empty username and password$/,
    },
    {
      what: "a user without a password",
      options: () => ({ users: [{ username: "a", password: "b" }, { username: "backupadmin" }] }),
      kind: "TypeError",
      message: /^createMockAppliance: users\[1\] needs a non-empty username and password$/,
    },
    {
      what: "a user that is not an object",
      options: () => ({ users: [null] }),
      kind: "TypeError",
      message: /^createMockAppliance: users\[0\] needs a non-empty username and password$/,
    },
    {
      what: "an MFA code that is not six digits",
      options: () => ({ users: [{ username: "backupadmin", password: "s3cret", mfaCode: "12345" }] }),
      kind: "TypeError",
      message: /^createMockAppliance: users\[0\]\.mfaCode must be six digits$/,
    },
    {
      what: "an MFA user on product 1.0, which has no multi-factor login",
      options: () => ({
        product: "1.0",
        users: [{ username: "backupadmin", password: "s3cret", mfaCode: "123456" }],
      }),
      kind: "TypeError",
      message: /^createMockAppliance: product 1\.0 \(API v1\) has no multi-factor login; remove mfaCode$/,
    },
    {
      what: "a token lifetime of zero",
      options: () => ({ tokenTtlSeconds: 0 }),
      kind: "RangeError",
      message: /^createMockAppliance: tokenTtlSeconds must be a whole number >= 1, got 0$/,
    },
    {
      what: "a fractional token lifetime",
      options: () => ({ tokenTtlSeconds: 1.5 }),
      kind: "RangeError",
      message: /^createMockAppliance: tokenTtlSeconds must be a whole number >= 1, got 1\.5$/,
    },
    {
      what: "a negative job duration",
      options: () => ({ jobDurationMs: -1 }),
      kind: "RangeError",
      message: /^createMockAppliance: jobDurationMs must be a whole number >= 0, got -1$/,
    },
    {
      what: "a page cap of zero",
      options: () => ({ pageCap: 0 }),
      kind: "RangeError",
      message: /^createMockAppliance: pageCap must be a whole number >= 1, got 0$/,
    },
    {
      what: "a negative latency",
      options: () => ({ latencyMs: -5 }),
      kind: "RangeError",
      message: /^createMockAppliance: latencyMs must be a whole number >= 0, got -5$/,
    },
    {
      what: "a fractional jitter",
      options: () => ({ jitterMs: 1.5 }),
      kind: "RangeError",
      message: /^createMockAppliance: jitterMs must be a whole number >= 0, got 1\.5$/,
    },
    {
      what: "an unknown clock",
      options: () => ({ clock: "fake" }),
      kind: "RangeError",
      message: /^createMockAppliance: clock must be "real" or "manual", got "fake"$/,
    },
    {
      what: "an unknown outcome",
      options: () => ({ outcomes: { "vm-1": "Failed" } }),
      kind: "RangeError",
      message: /^createMockAppliance: outcomes\[vm-1\] must be "Error" or "Warning", got "Failed"$/,
    },
    {
      what: "Success as an outcome (the default, not a scripted outcome)",
      options: () => ({ outcomes: { "vm-1": "Error", "vm-2": "Success" } }),
      kind: "RangeError",
      message: /^createMockAppliance: outcomes\[vm-2\] must be "Error" or "Warning", got "Success"$/,
    },
    {
      what: "an onInvalidResponse that is not a function",
      options: () => ({ onInvalidResponse: "log" }),
      kind: "TypeError",
      message: /^createMockAppliance: onInvalidResponse must be a function$/,
    },
  ];

  it.each(bad.map((c): [string, BadOption] => [c.what, c]))(
    "rejects %s, naming the option and what was wrong",
    async (_what, { options, kind, message }) => {
      expectError(await thrown(() => createMockAppliance(options() as MockApplianceOptions)), kind, message);
    },
  );

  // outcomes is a record by vmId: anything else is a mistake, not "no outcomes".
  it.each([
    ["a number", 5],
    ["an array", ["Error"]],
    ["a string", "Error"],
    ["null", null],
  ])("rejects outcomes that are %s, saying they must be an object by vmId", async (_what, outcomes) => {
    const error = await thrown(() => createMockAppliance({ outcomes } as unknown as MockApplianceOptions));
    expectError(error, "TypeError", /^createMockAppliance: outcomes must be an object/);
  });

  it("accepts the same options when they are good, so that each case above fails for its own reason", async () => {
    const mock = await createMockAppliance({
      product: "8.1",
      snapshots: [vm, { ...vm, vmId: "vm-2", manual: true }],
      seed: 0,
      users: [{ username: "backupadmin", password: "s3cret", mfaCode: "123456" }],
      tokenTtlSeconds: 1,
      jobDurationMs: 0,
      pageCap: 1,
      latencyMs: 0,
      jitterMs: 0,
      clock: "manual",
      outcomes: { "vm-1": "Error", "vm-2": "Warning" },
      onInvalidResponse: () => {},
    });
    expect(mock.control.snapshotCount()).toBe(2);
    expect(
      (await createMockAppliance({ snapshots: 0, product: "1.0", users: [] })).control.snapshotCount(),
    ).toBe(0);
  });
});

describe('product "1.0"', () => {
  it("keeps its inventory in the v8.1 model, as control.snapshots() promises, so v1 lists the disks' names", async () => {
    const mock = await createMockAppliance({ product: "1.0" });
    const [seedVm] = mock.control.snapshots();
    expect(seedVm?.osDisk).toEqual({ diskId: vm.osDisk?.diskId, diskName: vm.osDisk?.diskName });
    const page = await (
      await mock.fetch(`${origin}/api/v1/virtualMachineSnapshots`, { headers: bearer })
    ).json();
    const everyVersion = await createMockAppliance();
    const v1Page = await (
      await everyVersion.fetch(`${origin}/api/v1/virtualMachineSnapshots`, { headers: bearer })
    ).json();
    expect(page.results[0].osDisk).toEqual(v1Page.results[0].osDisk);
    expect(page.results[0].osDisk.name).toEqual(expect.any(String));
  });
});

describe("control.fault", () => {
  let mock: InProcessMockAppliance;
  beforeAll(async () => {
    mock = await createMockAppliance();
  });

  const bad: BadFault[] = [
    {
      what: "a fault that is not an object",
      fault: null,
      kind: "TypeError",
      message: /^control\.fault: expected a fault object$/,
    },
    {
      what: "an unknown operation",
      fault: { operation: "listSnapshots", status: 503 },
      kind: "RangeError",
      message:
        /^control\.fault: operation must be "\*" or an operationId of the specs \(.*listVirtualMachineSnapshots.*\), got "listSnapshots"$/,
    },
    {
      what: "no operation",
      fault: { status: 503 },
      kind: "RangeError",
      message: /^control\.fault: operation must be "\*" or an operationId of the specs/,
    },
    {
      what: "both a status and a kind",
      fault: { operation: "*", status: 503, kind: "reset" },
      kind: "TypeError",
      message:
        /^control\.fault: give either status \(such as 503\) or kind \("reset" or "hang"\), not both or neither$/,
    },
    {
      what: "neither a status nor a kind",
      fault: { operation: "*", times: 1 },
      kind: "TypeError",
      message: /^control\.fault: give either status .* or kind .*, not both or neither$/,
    },
    {
      what: "a success status",
      fault: { operation: "*", status: 200 },
      kind: "RangeError",
      message: /^control\.fault: status must be an HTTP error status \(400-599\), got 200$/,
    },
    {
      what: "a status past 599",
      fault: { operation: "*", status: 600 },
      kind: "RangeError",
      message: /^control\.fault: status must be an HTTP error status \(400-599\), got 600$/,
    },
    {
      what: "a fractional status",
      fault: { operation: "*", status: 503.5 },
      kind: "RangeError",
      message: /^control\.fault: status must be an HTTP error status \(400-599\), got 503\.5$/,
    },
    {
      what: "an unknown kind",
      fault: { operation: "*", kind: "drop" },
      kind: "RangeError",
      message: /^control\.fault: kind must be "reset" or "hang", got "drop"$/,
    },
    {
      what: "times 0",
      fault: { operation: "*", status: 503, times: 0 },
      kind: "RangeError",
      message: /^control\.fault: times must be a whole number >= 1, got 0$/,
    },
    {
      what: "fractional times",
      fault: { operation: "*", status: 503, times: 1.5 },
      kind: "RangeError",
      message: /^control\.fault: times must be a whole number >= 1, got 1\.5$/,
    },
    {
      what: "a probability of 2",
      fault: { operation: "*", status: 503, probability: 2 },
      kind: "RangeError",
      message: /^control\.fault: probability must be a number from 0 to 1, got 2$/,
    },
    {
      what: "a negative probability",
      fault: { operation: "*", status: 503, probability: -0.1 },
      kind: "RangeError",
      message: /^control\.fault: probability must be a number from 0 to 1, got -0\.1$/,
    },
    {
      what: "a probability of NaN",
      fault: { operation: "*", status: 503, probability: Number.NaN },
      kind: "RangeError",
      message: /^control\.fault: probability must be a number from 0 to 1, got NaN$/,
    },
    {
      what: "a retryAfter that is neither seconds nor a date",
      fault: { operation: "*", status: 503, retryAfter: "soon" },
      kind: "TypeError",
      message:
        /^control\.fault: retryAfter must be seconds \(such as 1 or "1"\) or an HTTP date .*, got "soon"$/,
    },
    {
      what: "a negative retryAfter",
      fault: { operation: "*", status: 503, retryAfter: -1 },
      kind: "RangeError",
      message: /^control\.fault: retryAfter must be whole seconds >= 0, got -1$/,
    },
    {
      what: "a fractional retryAfter",
      fault: { operation: "*", status: 503, retryAfter: 1.5 },
      kind: "RangeError",
      message: /^control\.fault: retryAfter must be whole seconds >= 0, got 1\.5$/,
    },
    {
      what: "an invalid Date as retryAfter",
      fault: { operation: "*", status: 503, retryAfter: new Date(Number.NaN) },
      kind: "RangeError",
      message: /^control\.fault: retryAfter is an invalid Date$/,
    },
    {
      what: "a retryAfter that is neither a number, a string nor a Date",
      fault: { operation: "*", status: 503, retryAfter: true },
      kind: "TypeError",
      message: /^control\.fault: retryAfter must be seconds .* or an HTTP date .*, got true$/,
    },
    {
      what: "a retryAfter with a kind",
      fault: { operation: "*", kind: "reset", retryAfter: 1 },
      kind: "TypeError",
      message: /^control\.fault: retryAfter goes with a status, not with kind "reset"$/,
    },
  ];

  it.each(bad.map((c): [string, BadFault] => [c.what, c]))(
    "throws for %s, saying what was wrong",
    async (_what, { fault, kind, message }) => {
      expectError(await thrown(() => mock.control.fault(fault as MockFault)), kind, message);
    },
  );

  // A string of seconds must be digits; "1.5" or "-1" is not an HTTP date either (though Date.parse reads both
  // as days of 2001).
  it.each(["1.5", "-1", " 5"])(
    "throws for retryAfter %j, which is neither whole seconds nor an HTTP date",
    async (retryAfter) => {
      const error = await thrown(() => mock.control.fault({ operation: "*", status: 503, retryAfter }));
      expectError(error, "TypeError or RangeError", /^control\.fault: retryAfter must be/);
    },
  );

  it("throws for an operation of a version its product does not serve", async () => {
    const v1Only = await createMockAppliance({ product: "1.0" });
    const error = await thrown(() =>
      v1Only.control.fault({ operation: "batchDeleteVirtualMachineSnapshots", status: 503 }),
    );
    expectError(error, "RangeError", /got "batchDeleteVirtualMachineSnapshots"$/);
    expect(error.message).toContain("listVirtualMachineSnapshots");
  });

  it("arms nothing when it throws", async () => {
    const fresh = await createMockAppliance();
    for (const { fault } of bad) expect(() => fresh.control.fault(fault as MockFault)).toThrow();
    const answer = await fresh.fetch(`${origin}/api/v8.1/restorePoints/virtualMachines/snapshots`, {
      headers: bearer,
    });
    expect(answer.status).toBe(200);
  });

  it("accepts a fault of every good form, so that each case above fails for its own reason", () => {
    for (const fault of [
      { operation: "*", status: 503 },
      { operation: "listVirtualMachineSnapshots", status: 400, times: 1, probability: 0 },
      { operation: "getJobSession", status: 599, retryAfter: 0 },
      { operation: "createToken", status: 429, retryAfter: "120" },
      { operation: "*", status: 503, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", probability: 1 },
      { operation: "*", status: 503, retryAfter: new Date("2026-10-21T07:28:00Z") },
      { operation: "*", kind: "reset", times: 2 },
      { operation: "*", kind: "hang" },
    ] satisfies MockFault[]) {
      expect(() => mock.control.fault(fault)).not.toThrow();
    }
    mock.control.clearFaults();
  });
});

describe("control.advance", () => {
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, "5"])(
    "throws for %s and leaves the clock where it was",
    async (ms) => {
      const mock = await createMockAppliance({ clock: "manual" });
      mock.control.advance(500);
      const before = mock.control.now().getTime();
      expectError(
        await thrown(() => mock.control.advance(ms as number)),
        "RangeError",
        /^control\.advance: ms must be a finite number >= 0, got /,
      );
      expect(mock.control.now().getTime()).toBe(before);
    },
  );
});

describe("control.reset", () => {
  /** A mock with a VM deleted, a session, a clock moved and a fault armed: the state a bad reset must keep. */
  async function used() {
    const mock = await createMockAppliance({ snapshots: 5, seed: 3, clock: "manual", jobDurationMs: 100 });
    const [, second] = mock.control.snapshots();
    const deleted = await mock.fetch(
      `${origin}/api/v8.1/protectedItem/virtualMachines/${second?.vmId}/deleteSnapshots`,
      { method: "POST", headers: bearer },
    );
    expect(deleted.status).toBe(202);
    mock.control.advance(100);
    mock.control.fault({ operation: "getJobSession", status: 503, times: 1 });
    return {
      mock,
      state: () => ({
        snapshots: mock.control.snapshots(),
        sessions: mock.control.sessions(),
        now: mock.control.now().getTime(),
      }),
    };
  }

  it.each<[string, MockResetOptions, RegExp]>([
    ["a negative seed", { seed: -1 }, /^control\.reset: seed must be a whole number >= 0, got -1$/],
    ["a fractional seed", { seed: 1.5 }, /seed must be a whole number >= 0, got 1\.5/],
    ["a negative number of snapshots", { snapshots: -1 }, /snapshots must be a whole number >= 0, got -1/],
    [
      "a good seed with a negative number of snapshots",
      { seed: 9, snapshots: -1 },
      /snapshots must be a whole number >= 0, got -1/,
    ],
  ])(
    "throws for %s and leaves the inventory, sessions, clock and faults as they were",
    async (_what, reset, message) => {
      const { mock, state } = await used();
      const before = state();
      expect(before.snapshots).toHaveLength(4);
      expectError(await thrown(() => mock.control.reset(reset)), "RangeError", message);
      expect(state()).toEqual(before);
      // The fault is still armed.
      expect((await mock.fetch(`${origin}/api/v8.1/jobSessions/1`, { headers: bearer })).status).toBe(503);
      expect((await mock.fetch(`${origin}/api/v8.1/jobSessions/1`, { headers: bearer })).status).toBe(200);
    },
  );

  it("throws for an inventory with a bad VM and leaves everything as it was", async () => {
    const { mock, state } = await used();
    const before = state();
    const error = await thrown(() =>
      mock.control.reset({ snapshots: [vm, { ...vm, vmId: vm.vmId as string }] as MockVm[] }),
    );
    expectError(error, "TypeError", /snapshots\[1\]\.vmId .* appears twice/);
    expect(state()).toEqual(before);
  });
});
