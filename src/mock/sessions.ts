// The mock's job sessions: a deletion starts one `Running`; once `jobDurationMs` has passed by the mock's clock it
// ends (Success, or the worst outcome scripted for its VMs) and its VMs' snapshots leave the inventory (all but
// those of a VM whose deletion ends in Error). Ending is settled lazily, whenever the state is read.
import type { Inventory } from "./inventory.js";
import type { MockOutcome, MockSessionRecord } from "./types.js";

interface Session {
  id: string;
  type: MockSessionRecord["type"];
  positions: number[];
  vmIds: string[];
  startedAt: number;
  endedAt: number | null;
  status: MockSessionRecord["status"];
  usn: number;
}

const rank = { Success: 0, Warning: 1, Error: 2 } as const;

/**
 * The job sessions of one mock appliance.
 *
 * @example
 * ```ts
 * const sessions = new Sessions(inventory, 2_000, {}, () => clock.now());
 * sessions.start("SnapshotDeletion", [{ position: 0, vmId: "vm-1" }]);
 * ```
 */
export class Sessions {
  readonly #inventory: () => Inventory;
  readonly #durationMs: number;
  readonly #outcomes: Readonly<Record<string, MockOutcome>>;
  readonly #now: () => number;
  #sessions: Session[] = [];

  /** Sessions over the inventory `inventory()` returns, each lasting `durationMs`. */
  constructor(
    inventory: () => Inventory,
    durationMs: number,
    outcomes: Readonly<Record<string, MockOutcome>>,
    now: () => number,
  ) {
    this.#inventory = inventory;
    this.#durationMs = durationMs;
    this.#outcomes = outcomes;
    this.#now = now;
  }

  /** Ends every session whose time is up, in the order they end, removing their VMs' snapshots. */
  settle(): void {
    const now = this.#now();
    for (const session of this.#sessions) {
      if (session.endedAt !== null || now - session.startedAt < this.#durationMs) continue;
      let worst: keyof typeof rank = "Success";
      session.positions.forEach((position, i) => {
        const outcome = this.#outcomes[session.vmIds[i] as string] ?? "Success";
        if (rank[outcome] > rank[worst]) worst = outcome;
        if (outcome !== "Error") this.#inventory().remove(position);
      });
      session.status = worst;
      session.endedAt = session.startedAt + this.#durationMs;
    }
  }

  /** Starts a session removing the snapshots of `vms`; returns it. */
  start(
    type: MockSessionRecord["type"],
    vms: readonly { position: number; vmId: string }[],
  ): MockSessionRecord & { usn: number } {
    const session: Session = {
      id: String(this.#sessions.length + 1),
      type,
      positions: vms.map((vm) => vm.position),
      vmIds: vms.map((vm) => vm.vmId),
      startedAt: this.#now(),
      endedAt: null,
      status: "Running",
      usn: this.#sessions.length + 1,
    };
    this.#sessions.push(session);
    // A session of no duration has ended as soon as it started.
    this.settle();
    return this.#record(session);
  }

  /** The session `id`, or undefined. */
  get(id: string): (MockSessionRecord & { usn: number }) | undefined {
    this.settle();
    const session = /^[1-9]\d*$/.test(id) ? this.#sessions[Number(id) - 1] : undefined;
    return session && this.#record(session);
  }

  /** Every session, oldest first. */
  list(): MockSessionRecord[] {
    this.settle();
    return this.#sessions.map((session) => {
      const { usn: _usn, ...record } = this.#record(session);
      return record;
    });
  }

  #record(session: Session): MockSessionRecord & { usn: number } {
    return {
      id: session.id,
      type: session.type,
      status: session.status,
      vmIds: [...session.vmIds],
      startedAt: new Date(session.startedAt),
      endedAt: session.endedAt === null ? null : new Date(session.endedAt),
      usn: session.usn,
    };
  }
}
