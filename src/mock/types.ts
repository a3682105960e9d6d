// The public shapes of the stateful mock appliance: its options, its control surface and what it records. The
// behaviour lives in appliance.ts and the modules it composes; this file holds no code.
import type { ApiVersion } from "../core/apiVersion.js";
import type { VirtualMachineSnapshot } from "../v8_1/models.js";

/**
 * A product release the mock can play, and so the API versions it serves (versions.md, "Which appliance serves
 * which API version"): `"8.1"` serves v8.1, v8, v7 and v6; `"8.0"` v8, v7 and v6; `"7.0"` v7 and v6 (its v5 is
 * not modelled); `"1.0"` v1 only.
 *
 * @example
 * ```ts
 * const product: MockProduct = "8.1";
 * ```
 */
export type MockProduct = "8.1" | "8.0" | "7.0" | "1.0";

/**
 * A user the mock accepts at `POST /api/oauth2/token`. With `mfaCode` the user logs in in two steps, as an MFA
 * user of a v6+ appliance does: the password answers an `mfa_token`, and the `Mfa` grant with this code answers
 * the tokens.
 *
 * @example
 * ```ts
 * const user: MockUser = { username: "backupadmin", password: "s3cret", mfaCode: "123456" };
 * ```
 */
export interface MockUser {
  /** The user name to log in with. */
  username: string;
  /** The password to log in with. */
  password: string;
  /**
   * The six-digit code the `Mfa` grant must carry; without it the password alone logs in.
   * @default undefined (no MFA: the password alone logs in)
   */
  mfaCode?: string;
}

/**
 * How the deletion of a VM's snapshots ends when it is not `Success`: `"Error"` keeps the snapshots (nothing was
 * removed), `"Warning"` removes them and reports a warning.
 *
 * @example
 * ```ts
 * const outcomes: Record<string, MockOutcome> = { "vm-1": "Error" };
 * ```
 */
export type MockOutcome = "Error" | "Warning";

/**
 * The mock's inventory item: a VM's snapshot in the v8.1 model (the v1 view is derived from it), and whether its
 * snapshots were taken manually, which decides what a manual-only delete removes. `manual` is not part of the
 * API's shape.
 *
 * @example
 * ```ts
 * const vm: MockVm = { ...seedSnapshot, manual: true };
 * ```
 */
export interface MockVm extends VirtualMachineSnapshot {
  /**
   * Whether the VM's snapshots were created manually (outside the API's model).
   * @default false
   */
  manual?: boolean;
}

/**
 * Options of {@link createMockAppliance} (and of `startMockAppliance`, which adds the server's).
 *
 * @example
 * ```ts
 * const options: MockApplianceOptions = { product: "8.1", snapshots: 10_000, seed: 1, clock: "manual" };
 * ```
 */
export interface MockApplianceOptions {
  /**
   * The product release to play, which decides the API versions served.
   * @default every version the package knows (v8.1, v8, v7, v6 and v1)
   */
  product?: MockProduct;
  /**
   * The inventory: a number of VMs to generate (the first is the seed example's VM, the rest generated from
   * `seed` and their position, so a million cost no memory), or the VMs themselves in the v8.1 model.
   * @default 1 (the seed example's VM)
   */
  snapshots?: number | readonly MockVm[];
  /**
   * Seed of the generated inventory: the same seed gives the same VMs.
   * @default 1
   */
  seed?: number;
  /**
   * How the deletion of a VM ends, by vmId, for VMs whose deletion should not end `Success`.
   * @default {}
   */
  outcomes?: Readonly<Record<string, MockOutcome>>;
  /**
   * Users who may log in. Without any, every login succeeds and every bearer token is accepted; with some, only
   * the tokens issued to them, until they expire.
   * @default []
   */
  users?: readonly MockUser[];
  /**
   * Lifetime of an access token, in seconds.
   * @default 3600
   */
  tokenTtlSeconds?: number;
  /**
   * How long a deletion's job session runs before it ends, in milliseconds of the mock's clock.
   * @default 2000
   */
  jobDurationMs?: number;
  /**
   * The largest page the list answers; a larger `limit` is capped, and the page says so in its `limit`.
   * @default 1000
   */
  pageCap?: number;
  /**
   * Delay before each answer, in real milliseconds (whatever the clock).
   * @default 0
   */
  latencyMs?: number;
  /**
   * Random extra delay of up to this many real milliseconds, added to `latencyMs`.
   * @default 0
   */
  jitterMs?: number;
  /**
   * The clock that sessions and tokens follow: `"real"` is the machine's; `"manual"` stands still until
   * `control.advance(ms)`.
   * @default "real"
   */
  clock?: "real" | "manual";
  /**
   * Called with each response the mock found invalid against its spec (it answers 500 instead). Such a response
   * is a bug of the mock or of the inventory given to it; the errors are also kept in `control.errors()`.
   * @default undefined (the errors are only kept in `control.errors()`)
   */
  onInvalidResponse?: (error: Error) => void;
}

/**
 * A fault to inject. `operation` is an operationId of the specs, the same in every version
 * (`listVirtualMachineSnapshots`, `deleteVirtualMachineSnapshots`, `getJobSession`, `createToken`, ...), or `"*"`
 * for every operation. Either a `status` (answered as that status's problem, with `Retry-After` when given) or a
 * `kind`: `"reset"` breaks the connection in the middle of the body, `"hang"` never answers (until the request is
 * aborted).
 *
 * @example
 * ```ts
 * mock.control.fault({ operation: "listVirtualMachineSnapshots", status: 503, retryAfter: "1", times: 2 });
 * ```
 */
export interface MockFault {
  /** The operationId the fault applies to, or `"*"` for all. */
  operation: string;
  /**
   * The status to answer (400-599). Give this or `kind`.
   * @default undefined (a `kind` fault)
   */
  status?: number;
  /**
   * A connection fault instead of a status. Give this or `status`.
   * @default undefined (a `status` fault)
   */
  kind?: "reset" | "hang";
  /**
   * `Retry-After` to send with the status: seconds (a number or a string of digits) or an HTTP date (a `Date` or
   * a string such as `"Wed, 21 Oct 2026 07:28:00 GMT"`).
   * @default undefined (no `Retry-After` header)
   */
  retryAfter?: number | string | Date;
  /**
   * How many matching requests it hits, then it is spent.
   * @default every matching request, until `control.clearFaults()` or `control.reset()`
   */
  times?: number;
  /**
   * The chance (0-1) that a matching request is hit, drawn from the mock's seeded generator.
   * @default 1
   */
  probability?: number;
}

/**
 * A job session as the mock keeps it.
 *
 * @example
 * ```ts
 * const [session] = mock.control.sessions(); // { id: "1", status: "Running", vmIds: [...], ... }
 * ```
 */
export interface MockSessionRecord {
  /** The session id, `"1"` for the first deletion, then counting up. */
  id: string;
  /** `SnapshotDeletion` or `ManualSnapshotDeletion`. */
  type: "SnapshotDeletion" | "ManualSnapshotDeletion";
  /** `Running` until `jobDurationMs` has passed, then `Success`, `Warning` or `Error`. */
  status: "Running" | "Success" | "Warning" | "Error";
  /** The VMs whose snapshots it removes. */
  vmIds: readonly string[];
  /** When it started, in the mock's clock. */
  startedAt: Date;
  /** When it ended, or null while it runs. */
  endedAt: Date | null;
}

/**
 * What {@link MockControl.reset} may change besides restoring the initial state, for that reset only: a later
 * `reset()` goes back to the options the mock was created with.
 *
 * @example
 * ```ts
 * mock.control.reset({ seed: 2, snapshots: 500 });
 * ```
 */
export interface MockResetOptions {
  /**
   * A new seed for the generated inventory.
   * @default the seed in use
   */
  seed?: number;
  /**
   * A new inventory (as the option of the same name).
   * @default the inventory option in use
   */
  snapshots?: number | readonly MockVm[];
}

/**
 * Controls a mock appliance from a test.
 *
 * @example
 * ```ts
 * mock.control.advance(2_000);
 * expect(mock.control.sessions()[0]?.status).toBe("Success");
 * ```
 */
export interface MockControl {
  /**
   * Moves the mock's clock forward by `ms` (with the real clock, adds to it): sessions end, tokens expire.
   * @example
   * ```ts
   * mock.control.advance(2_000); // a deletion's session has ended
   * ```
   */
  advance(ms: number): void;
  /**
   * The mock's current time.
   * @example
   * ```ts
   * const started = mock.control.now();
   * ```
   */
  now(): Date;
  /**
   * Adds a fault; returns a function that removes it and says whether it was still armed (not spent, nor
   * removed by a reset).
   * @example
   * ```ts
   * const remove = mock.control.fault({ operation: "getJobSession", status: 503, times: 1 });
   * ```
   */
  fault(fault: MockFault): () => boolean;
  /**
   * Removes every fault.
   * @example
   * ```ts
   * mock.control.clearFaults();
   * ```
   */
  clearFaults(): void;
  /**
   * The current inventory, in the v8.1 model (with `manual`). Materializes it: mind a million VMs.
   * @example
   * ```ts
   * expect(mock.control.snapshots().map((vm) => vm.vmId)).not.toContain(deletedVmId);
   * ```
   */
  snapshots(): MockVm[];
  /**
   * How many VMs the inventory holds now.
   * @example
   * ```ts
   * expect(mock.control.snapshotCount()).toBe(499);
   * ```
   */
  snapshotCount(): number;
  /**
   * Every job session so far, oldest first.
   * @example
   * ```ts
   * expect(mock.control.sessions()).toHaveLength(1);
   * ```
   */
  sessions(): MockSessionRecord[];
  /**
   * Invalidates every token issued so far (access and refresh).
   * @example
   * ```ts
   * mock.control.revokeTokens(); // the next request with an old token gets a 401
   * ```
   */
  revokeTokens(): void;
  /**
   * Invalid responses the mock caught (and answered 500 instead), oldest first.
   * @example
   * ```ts
   * expect(mock.control.errors()).toEqual([]);
   * ```
   */
  errors(): Error[];
  /**
   * Restores the initial state: inventory, sessions, tokens, faults and clock (optionally with a new inventory).
   * @example
   * ```ts
   * afterEach(() => mock.control.reset());
   * ```
   */
  reset(options?: MockResetOptions): void;
}

/**
 * A mock appliance in this process: hand its `fetch` to the client.
 *
 * @example
 * ```ts
 * const mock = await createMockAppliance({ product: "8.1", snapshots: 1_000 });
 * const client = createClient({ baseUrl: "https://appliance.test", fetch: mock.fetch, credentials: { token: "x" } });
 * ```
 */
export interface InProcessMockAppliance {
  /** The API versions it serves, newest first. */
  readonly apiVersions: readonly ApiVersion[];
  /** The product version `system/about` reports, such as `"8.1.0.32"`. */
  readonly serverVersion: string;
  /** A `fetch` that answers as the appliance would, without a network. Any origin is accepted. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /**
   * Answers one request.
   * @example
   * ```ts
   * const response = await mock.handle(new Request("https://appliance.test/api/v8.1/system/about"));
   * ```
   */
  handle(request: Request): Promise<Response>;
  /** The control surface for tests. */
  readonly control: MockControl;
}
