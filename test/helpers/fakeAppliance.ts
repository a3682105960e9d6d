// A stand-in for the in-process mock appliance, for testing what serves it (the server mode, the control routes)
// apart from the appliance itself: `handle` is whatever the test says, and `control` records what it is asked.
import { vi } from "vitest";
import type {
  InProcessMockAppliance,
  MockControl,
  MockFault,
  MockSessionRecord,
  MockVm,
} from "../../src/mock/types.js";

/** A recording control: its state is plain fields the test can set and read. */
export interface FakeControl extends MockControl {
  /** The faults added and not removed, in order. */
  faults: MockFault[];
  clock: Date;
  inventory: MockVm[];
  records: MockSessionRecord[];
  caught: Error[];
  revoked: number;
  resets: unknown[];
}

/**
 * A control whose functions change its fields as the real one would change the appliance (roughly: enough to see
 * which function was called with what).
 *
 * @example
 * ```ts
 * const control = fakeControl();
 * control.advance(1000);
 * ```
 */
export function fakeControl(): FakeControl {
  const control: FakeControl = {
    faults: [],
    clock: new Date("2026-01-01T00:00:00.000Z"),
    inventory: [],
    records: [],
    caught: [],
    revoked: 0,
    resets: [],
    advance: vi.fn((ms: number) => {
      control.clock = new Date(control.clock.getTime() + ms);
    }),
    now: () => control.clock,
    fault: vi.fn((fault: MockFault) => {
      control.faults.push(fault);
      return () => {
        const armed = control.faults.includes(fault);
        control.faults = control.faults.filter((f) => f !== fault);
        return armed;
      };
    }),
    clearFaults: vi.fn(() => {
      control.faults = [];
    }),
    snapshots: () => control.inventory,
    snapshotCount: () => control.inventory.length,
    sessions: () => control.records,
    revokeTokens: vi.fn(() => {
      control.revoked++;
    }),
    errors: () => control.caught,
    reset: vi.fn((options?: unknown) => {
      control.resets.push(options);
      control.faults = [];
    }),
  };
  return control;
}

/**
 * An appliance whose `handle` is `handle` and whose control is a {@link fakeControl}.
 *
 * @example
 * ```ts
 * const appliance = fakeAppliance(async (request) => new Response(request.url));
 * ```
 */
export function fakeAppliance(
  handle: (request: Request) => Promise<Response>,
): InProcessMockAppliance & { control: FakeControl } {
  return {
    apiVersions: ["v8.1"],
    serverVersion: "8.1.0.0",
    fetch: (input, init) => handle(new Request(input, init)),
    handle,
    control: fakeControl(),
  };
}
