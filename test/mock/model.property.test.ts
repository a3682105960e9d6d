// The stateful mock appliance against a model of it: random sequences of requests (list a page in v8.1 and v1,
// delete one VM, a batch or the manual snapshots only, read a job session), clock moves and injected faults,
// each answer compared with what a small model of the inventory, the sessions, the clock and the faults predicts,
// and the mock's control surface compared with the model after every step.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMockAppliance } from "../../src/mock/appliance.js";
import type { InProcessMockAppliance, MockOutcome, MockSessionRecord } from "../../src/mock/types.js";

const origin = "https://appliance.test";
const bearer = { authorization: "Bearer x" };

/** The version prefixes of the v6+ operations (one spec, the same state). */
const prefixes = ["v8.1", "v8", "v7", "v6"] as const;
type Prefix = (typeof prefixes)[number];

/** The operationIds a fault of the model may name (or "*"). */
const faultOperations = [
  "*",
  "listVirtualMachineSnapshots",
  "deleteVirtualMachineSnapshots",
  "deleteVirtualMachineManualSnapshots",
  "batchDeleteVirtualMachineSnapshots",
  "batchDeleteVirtualMachineManualSnapshots",
  "getJobSession",
] as const;

/**
 * A VM a command names: a position in the inventory (modulo its size), or -1, -2 or -3 for an id the mock never
 * had (a generated id one past the inventory's end, a generated-looking id that matches no VM, a made-up one).
 */
type VmRef = number;
/** A job session a command names: a number (modulo the sessions so far plus two) or an id no session has. */
type SessionRef = number | "0" | "01" | "abc";

type Command =
  | { kind: "list"; prefix: Prefix; offset: number | undefined; limit: number | undefined }
  | { kind: "listV1"; offset: number | undefined; limit: number | undefined }
  | { kind: "listWithoutToken"; prefix: Prefix }
  | { kind: "delete"; prefix: Prefix | "v1"; vm: VmRef; manual: boolean }
  | { kind: "batch"; prefix: Prefix; vms: VmRef[]; manual: boolean }
  | { kind: "session"; prefix: Prefix | "v1"; session: SessionRef }
  | { kind: "advance"; ms: number }
  | { kind: "advanceToEnd"; early: boolean }
  | { kind: "fault"; operation: (typeof faultOperations)[number]; status: number; times: number };

interface Config {
  snapshots: number;
  seed: number;
  jobDurationMs: number;
  pageCap: number | undefined;
  outcomes: { vm: number; outcome: MockOutcome }[];
}

const configArbitrary: fc.Arbitrary<Config> = fc.record({
  snapshots: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) },
  ),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  jobDurationMs: fc.oneof(fc.constantFrom(0, 1, 1_000, 2_000), fc.integer({ min: 0, max: 5_000 })),
  pageCap: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  outcomes: fc.array(fc.record({ vm: fc.nat(), outcome: fc.constantFrom<MockOutcome>("Error", "Warning") }), {
    maxLength: 4,
  }),
});

const offsetArbitrary = fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined });
const prefixArbitrary = fc.constantFrom(...prefixes);

/** A VM: mostly one of the first few (so that commands meet the same VMs again), sometimes any or unknown. */
const vmArbitrary: fc.Arbitrary<VmRef> = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 5 }) },
  { weight: 2, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) },
);

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("list" as const),
      prefix: prefixArbitrary,
      offset: offsetArbitrary,
      limit: fc.option(fc.integer({ min: -1, max: 45 }), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("listV1" as const),
      offset: offsetArbitrary,
      limit: fc.option(fc.integer({ min: 1, max: 45 }), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("listWithoutToken" as const), prefix: prefixArbitrary }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("delete" as const),
      prefix: fc.constantFrom<Prefix | "v1">("v1", ...prefixes),
      vm: vmArbitrary,
      manual: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("batch" as const),
      prefix: prefixArbitrary,
      vms: fc.array(vmArbitrary, { minLength: 1, maxLength: 4 }),
      manual: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("session" as const),
      prefix: fc.constantFrom<Prefix | "v1">("v1", ...prefixes),
      session: fc.oneof(
        { weight: 5, arbitrary: fc.nat() },
        { weight: 1, arbitrary: fc.constantFrom<SessionRef>("0", "01", "abc") },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      ms: fc.oneof(fc.constantFrom(0, 1, 999, 1_000, 2_000), fc.integer({ min: 0, max: 6_000 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advanceToEnd" as const), early: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("fault" as const),
      operation: fc.constantFrom(...faultOperations),
      status: fc.constantFrom(400, 403, 404, 409, 429, 500, 502, 503),
      times: fc.integer({ min: 1, max: 3 }),
    }),
  },
);

interface ModelVm {
  vmId: string;
  manual: boolean;
  outcome: MockOutcome | "Success";
}

interface ModelSession {
  id: string;
  type: MockSessionRecord["type"];
  vmIds: string[];
  startedAt: number;
  ended: boolean;
}

const rank = { Success: 0, Warning: 1, Error: 2 } as const;

/** What the mock should be: its VMs in order, which are present, the sessions, the clock and the faults. */
class Model {
  readonly vms: readonly ModelVm[];
  readonly present: Set<string>;
  readonly sessions: ModelSession[] = [];
  readonly faults: { operation: string; status: number; remaining: number }[] = [];
  now: number;

  constructor(
    vms: readonly ModelVm[],
    now: number,
    readonly jobDurationMs: number,
    readonly pageCap: number,
  ) {
    this.vms = vms;
    this.present = new Set(vms.map((vm) => vm.vmId));
    this.now = now;
  }

  vm(vmId: string): ModelVm | undefined {
    return this.vms.find((vm) => vm.vmId === vmId);
  }

  /** The present VMs, in the inventory's order. */
  presentIds(): string[] {
    return this.vms.filter((vm) => this.present.has(vm.vmId)).map((vm) => vm.vmId);
  }

  /** Ends the sessions whose time is up: their VMs are gone, but for those whose deletion ends in Error. */
  settle(): void {
    for (const session of this.sessions) {
      if (session.ended || this.now - session.startedAt < this.jobDurationMs) continue;
      session.ended = true;
      for (const vmId of session.vmIds) if (this.vm(vmId)?.outcome !== "Error") this.present.delete(vmId);
    }
  }

  status(session: ModelSession): MockSessionRecord["status"] {
    if (!session.ended) return "Running";
    return session.vmIds
      .map((vmId) => this.vm(vmId)?.outcome ?? "Success")
      .reduce<MockSessionRecord["status"]>(
        (worst, outcome) => (rank[outcome] > rank[worst as keyof typeof rank] ? outcome : worst),
        "Success",
      );
  }

  start(type: MockSessionRecord["type"], vmIds: string[]): ModelSession {
    const session = { id: String(this.sessions.length + 1), type, vmIds, startedAt: this.now, ended: false };
    this.sessions.push(session);
    this.settle();
    return session;
  }

  /** The status of the first armed fault for `operationId`, spending one of its times. */
  hit(operationId: string): number | undefined {
    const index = this.faults.findIndex((f) => f.operation === "*" || f.operation === operationId);
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return fault.status;
  }
}

/** An answer, with its body parsed (undefined when it has none). */
interface Reply {
  status: number;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the bodies are read field by field in the checks
  body: any;
}

async function call(
  mock: InProcessMockAppliance,
  method: "GET" | "POST",
  path: string,
  { body, headers = bearer }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await mock.fetch(`${origin}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: text === "" ? undefined : JSON.parse(text),
  };
}

const query = (entries: Record<string, number | undefined>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(entries))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
};

/** An answer that must be the problem of `status` (an injected fault or an error the model predicts). */
function expectProblem(reply: Reply, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.contentType).toBe("application/problem+json");
  expect(reply.body.status).toBe(status);
}

/** A job session body that must be the model's `session`, as `version` writes it. */
function expectSession(model: Model, body: Reply["body"], session: ModelSession, version: string): void {
  expect(body).toMatchObject({
    id: session.id,
    type: session.type,
    status: model.status(session),
    executionStartTime: new Date(session.startedAt).toISOString(),
    executionStopTime: session.ended ? new Date(session.startedAt + model.jobDurationMs).toISOString() : null,
  });
  if (version === "v1") {
    expect(body.usn).toBe(Number(session.id));
    expect(body).not.toHaveProperty("localizedType");
  } else {
    expect(body).not.toHaveProperty("usn");
    expect(body._links.self.href).toBe(`${origin}/api/${version}/jobSessions/${session.id}`);
  }
}

/** The mock's control surface must agree with the model. */
function expectControlAgrees(mock: InProcessMockAppliance, model: Model): void {
  const snapshots = mock.control.snapshots();
  expect(snapshots.map((vm) => vm.vmId)).toEqual(model.presentIds());
  expect(snapshots.map((vm) => vm.manual)).toEqual(
    model.presentIds().map((vmId) => model.vm(vmId)?.manual ?? false),
  );
  expect(mock.control.snapshotCount()).toBe(model.present.size);
  expect(mock.control.now().getTime()).toBe(model.now);
  expect(mock.control.sessions()).toEqual(
    model.sessions.map((session) => ({
      id: session.id,
      type: session.type,
      status: model.status(session),
      vmIds: session.vmIds,
      startedAt: new Date(session.startedAt),
      endedAt: session.ended ? new Date(session.startedAt + model.jobDurationMs) : null,
    })),
  );
  expect(mock.control.errors()).toEqual([]);
}

/** Runs `command` against the mock and checks its answer against the model, which it then updates. */
async function step(
  mock: InProcessMockAppliance,
  model: Model,
  command: Command,
  vmIdOf: (ref: VmRef) => string,
): Promise<void> {
  model.settle();
  switch (command.kind) {
    case "list": {
      const path = `/api/${command.prefix}/restorePoints/virtualMachines/snapshots`;
      const reply = await call(
        mock,
        "GET",
        `${path}${query({ Offset: command.offset, Limit: command.limit })}`,
      );
      const fault = model.hit("listVirtualMachineSnapshots");
      if (fault !== undefined) return expectProblem(reply, fault);
      const offset = command.offset ?? 0;
      const requested = command.limit ?? 100;
      const limit = requested === -1 ? model.pageCap : Math.min(requested, model.pageCap);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ offset, limit, totalCount: model.present.size });
      expect(reply.body.results.map((vm: { vmId: string }) => vm.vmId)).toEqual(
        model.presentIds().slice(offset, offset + limit),
      );
      return;
    }
    case "listV1": {
      const path = `/api/v1/virtualMachineSnapshots${query({ offset: command.offset, limit: command.limit })}`;
      const reply = await call(mock, "GET", path);
      const fault = model.hit("listVirtualMachineSnapshots");
      if (fault !== undefined) return expectProblem(reply, fault);
      const offset = command.offset ?? 0;
      const limit = Math.min(command.limit ?? 30, model.pageCap);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ offset, limit });
      expect(reply.body).not.toHaveProperty("totalCount");
      expect(reply.body.results.map((vm: { vmId: string }) => vm.vmId)).toEqual(
        model.presentIds().slice(offset, offset + limit),
      );
      return;
    }
    case "listWithoutToken": {
      const path = `/api/${command.prefix}/restorePoints/virtualMachines/snapshots`;
      const reply = await call(mock, "GET", path, { headers: {} });
      // A fault is injected before the token is looked at.
      return expectProblem(reply, model.hit("listVirtualMachineSnapshots") ?? 401);
    }
    case "delete": {
      const v1 = command.prefix === "v1";
      const manual = command.manual && !v1;
      const vmId = vmIdOf(command.vm);
      const path = v1
        ? `/api/v1/virtualMachines/${vmId}/deleteSnapshots`
        : `/api/${command.prefix}/protectedItem/virtualMachines/${vmId}/${manual ? "deleteManualSnapshots" : "deleteSnapshots"}`;
      const reply = await call(mock, "POST", path);
      const fault = model.hit(
        manual ? "deleteVirtualMachineManualSnapshots" : "deleteVirtualMachineSnapshots",
      );
      if (fault !== undefined) return expectProblem(reply, fault);
      const vm = model.vm(vmId);
      if (!vm) return expectProblem(reply, 404);
      if (!model.present.has(vmId) || (manual && !vm.manual)) {
        // Nothing to delete: v6+ answers 204 without a body, v1 (which has no 204) 404.
        if (v1) return expectProblem(reply, 404);
        expect(reply.status).toBe(204);
        expect(reply.body).toBeUndefined();
        return;
      }
      const session = model.start(manual ? "ManualSnapshotDeletion" : "SnapshotDeletion", [vmId]);
      expect(reply.status).toBe(v1 ? 200 : 202);
      expectSession(model, reply.body, session, command.prefix);
      return;
    }
    case "batch": {
      const ids = command.vms.map(vmIdOf);
      const operation = command.manual ? "deleteManualSnapshots" : "deleteSnapshots";
      const path = `/api/${command.prefix}/protectedItem/virtualMachines/${operation}`;
      const reply = await call(mock, "POST", path, { body: { ids } });
      const fault = model.hit(
        command.manual ? "batchDeleteVirtualMachineManualSnapshots" : "batchDeleteVirtualMachineSnapshots",
      );
      if (fault !== undefined) return expectProblem(reply, fault);
      // One VM the appliance never had makes the whole batch a 404 that deletes nothing.
      if (ids.some((vmId) => model.vm(vmId) === undefined)) return expectProblem(reply, 404);
      const targets = [...new Set(ids)].filter(
        (vmId) => model.present.has(vmId) && (!command.manual || model.vm(vmId)?.manual === true),
      );
      if (targets.length === 0) {
        expect(reply.status).toBe(204);
        expect(reply.body).toBeUndefined();
        return;
      }
      const session = model.start(command.manual ? "ManualSnapshotDeletion" : "SnapshotDeletion", targets);
      expect(reply.status).toBe(202);
      expectSession(model, reply.body, session, command.prefix);
      return;
    }
    case "session": {
      const id =
        typeof command.session === "number"
          ? String((command.session % (model.sessions.length + 2)) + 1)
          : command.session;
      const reply = await call(mock, "GET", `/api/${command.prefix}/jobSessions/${id}`);
      const fault = model.hit("getJobSession");
      if (fault !== undefined) return expectProblem(reply, fault);
      const session = model.sessions.find((s) => s.id === id);
      if (!session) return expectProblem(reply, 404);
      expect(reply.status).toBe(200);
      expectSession(model, reply.body, session, command.prefix);
      return;
    }
    case "advance": {
      mock.control.advance(command.ms);
      model.now += command.ms;
      model.settle();
      return;
    }
    case "advanceToEnd": {
      // To the very end of the oldest running session, or a millisecond short of it.
      const running = model.sessions.find((s) => !s.ended);
      if (!running) return;
      const ms = Math.max(0, running.startedAt + model.jobDurationMs - model.now - (command.early ? 1 : 0));
      mock.control.advance(ms);
      model.now += ms;
      model.settle();
      if (!command.early) expect(running.ended).toBe(true);
      return;
    }
    case "fault": {
      mock.control.fault({ operation: command.operation, status: command.status, times: command.times });
      model.faults.push({ operation: command.operation, status: command.status, remaining: command.times });
      return;
    }
  }
}

describe("the mock appliance, against a model of its inventory, sessions, clock and faults", () => {
  it("answers every command of a random sequence as the model predicts, its control agreeing after each", async () => {
    await fc.assert(
      fc.asyncProperty(
        configArbitrary,
        fc.array(commandArbitrary, { minLength: 1, maxLength: 25, size: "max" }),
        async (config, commands) => {
          // The VMs of this seed (and some past the inventory's end), from a mock of the same seed: which are
          // manual, and the ids to script outcomes for.
          const probe = await createMockAppliance({ snapshots: config.snapshots + 3, seed: config.seed });
          const pool = probe.control.snapshots();
          const generated = pool.slice(0, config.snapshots);
          const outcomes: Record<string, MockOutcome> = {};
          for (const { vm, outcome } of config.outcomes) {
            outcomes[generated[vm % generated.length]?.vmId as string] = outcome;
          }
          const mock = await createMockAppliance({
            clock: "manual",
            snapshots: config.snapshots,
            seed: config.seed,
            jobDurationMs: config.jobDurationMs,
            outcomes,
            ...(config.pageCap === undefined ? {} : { pageCap: config.pageCap }),
          });
          const vms: ModelVm[] = generated.map((vm) => ({
            vmId: vm.vmId as string,
            manual: vm.manual === true,
            outcome: outcomes[vm.vmId as string] ?? "Success",
          }));
          const model = new Model(
            vms,
            mock.control.now().getTime(),
            config.jobDurationMs,
            config.pageCap ?? 1_000,
          );
          // The same seed gives the same VMs, whatever the inventory's size.
          expect(mock.control.snapshots()).toEqual(generated);

          const past = pool[config.snapshots]?.vmId as string;
          // A generated-looking id of a VM of this inventory with its first character changed: no VM has it.
          const lookalikeOf = (vmId: string) => `${vmId.startsWith("z") ? "y" : "z"}${vmId.slice(1)}`;
          const lookalike = lookalikeOf(vms.length > 1 ? (vms[vms.length - 1]?.vmId as string) : past);
          const unknown = [past, lookalike, "no-such-vm"];
          const vmIdOf = (ref: VmRef) =>
            (ref < 0 ? unknown[-ref - 1] : vms[ref % vms.length]?.vmId) as string;

          for (const command of commands) {
            await step(mock, model, command, vmIdOf);
            expectControlAgrees(mock, model);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
