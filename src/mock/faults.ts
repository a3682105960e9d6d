// Faults a test injects: a status (with Retry-After in either of its forms) or a broken connection, for an
// operation or all, a number of times or with a probability drawn from the mock's seeded generator.
import type { MockFault } from "./types.js";

interface Armed {
  fault: Readonly<MockFault>;
  remaining: number;
}

/** The `Retry-After` value of `retryAfter`: digits as they are, a date as an HTTP date. */
function retryAfterHeader(retryAfter: MockFault["retryAfter"]): string | undefined {
  if (retryAfter === undefined) return undefined;
  if (retryAfter instanceof Date) {
    if (Number.isNaN(retryAfter.getTime()))
      throw new RangeError("control.fault: retryAfter is an invalid Date");
    return retryAfter.toUTCString();
  }
  if (typeof retryAfter === "number") {
    if (!Number.isInteger(retryAfter) || retryAfter < 0) {
      throw new RangeError(`control.fault: retryAfter must be whole seconds >= 0, got ${retryAfter}`);
    }
    return String(retryAfter);
  }
  // RFC 9110: delay-seconds (digits) or an HTTP-date, in the IMF-fixdate form every sender must use.
  if (typeof retryAfter === "string" && /^\d+$/.test(retryAfter)) return retryAfter;
  if (
    typeof retryAfter === "string" &&
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(
      retryAfter,
    ) &&
    !Number.isNaN(Date.parse(retryAfter))
  ) {
    return retryAfter;
  }
  throw new TypeError(
    `control.fault: retryAfter must be seconds (such as 1 or "1") or an HTTP date (a Date, or such as ` +
      `"Wed, 21 Oct 2026 07:28:00 GMT"), got ${JSON.stringify(retryAfter)}`,
  );
}

/** A fault that hit a request: the status to answer (and its Retry-After), or the connection fault. */
export type Hit = { status: number; retryAfter: string | undefined } | { kind: "reset" | "hang" };

/**
 * Checks a fault before it is armed; throws a TypeError or RangeError that says what is wrong.
 *
 * @example
 * ```ts
 * checkFault({ operation: "getJobSession", status: 503 }, ["getJobSession"]);
 * ```
 */
export function checkFault(fault: MockFault, operations: readonly string[]): void {
  const where = "control.fault";
  if (fault === null || typeof fault !== "object") throw new TypeError(`${where}: expected a fault object`);
  if (fault.operation !== "*" && !operations.includes(fault.operation)) {
    throw new RangeError(
      `${where}: operation must be "*" or an operationId of the specs (${operations.join(", ")}), got ${JSON.stringify(fault.operation)}`,
    );
  }
  if ((fault.status === undefined) === (fault.kind === undefined)) {
    throw new TypeError(
      `${where}: give either status (such as 503) or kind ("reset" or "hang"), not both or neither`,
    );
  }
  if (
    fault.status !== undefined &&
    !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)
  ) {
    throw new RangeError(
      `${where}: status must be an HTTP error status (400-599), got ${String(fault.status)}`,
    );
  }
  if (fault.kind !== undefined && fault.kind !== "reset" && fault.kind !== "hang") {
    throw new RangeError(`${where}: kind must be "reset" or "hang", got ${JSON.stringify(fault.kind)}`);
  }
  if (fault.kind !== undefined && fault.retryAfter !== undefined) {
    throw new TypeError(`${where}: retryAfter goes with a status, not with kind "${fault.kind}"`);
  }
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1)) {
    throw new RangeError(`${where}: times must be a whole number >= 1, got ${String(fault.times)}`);
  }
  if (
    fault.probability !== undefined &&
    !(typeof fault.probability === "number" && fault.probability >= 0 && fault.probability <= 1)
  ) {
    throw new RangeError(
      `${where}: probability must be a number from 0 to 1, got ${String(fault.probability)}`,
    );
  }
  retryAfterHeader(fault.retryAfter);
}

/**
 * The armed faults of one mock.
 *
 * @example
 * ```ts
 * const faults = new Faults(random);
 * faults.add({ operation: "*", status: 503, times: 1 });
 * faults.hit("getJobSession"); // { status: 503, retryAfter: undefined }
 * ```
 */
export class Faults {
  readonly #random: () => number;
  #armed: Armed[] = [];

  /** Faults drawing chances from `random`. */
  constructor(random: () => number) {
    this.#random = random;
  }

  /** Arms `fault` (already checked); returns a function that disarms it, and says whether it was still armed. */
  add(fault: MockFault): () => boolean {
    const armed: Armed = { fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY };
    this.#armed.push(armed);
    return () => {
      const was = this.#armed.includes(armed);
      this.#armed = this.#armed.filter((a) => a !== armed);
      return was;
    };
  }

  /** Disarms every fault. */
  clear(): void {
    this.#armed = [];
  }

  /** The first armed fault that hits a request to `operationId`, spending one of its times; or undefined. */
  hit(operationId: string): Hit | undefined {
    for (const armed of this.#armed) {
      const { fault } = armed;
      if (fault.operation !== "*" && fault.operation !== operationId) continue;
      if (fault.probability !== undefined && this.#random() >= fault.probability) continue;
      armed.remaining--;
      if (armed.remaining <= 0) this.#armed = this.#armed.filter((a) => a !== armed);
      return fault.kind
        ? { kind: fault.kind }
        : { status: fault.status as number, retryAfter: retryAfterHeader(fault.retryAfter) };
    }
    return undefined;
  }
}
