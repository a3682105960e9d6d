// The mock's clock: sessions end and tokens expire by it. "real" follows the machine plus whatever advance()
// added; "manual" stands still from its start until advanced.

/** A clock that tests can move forward. */
export interface MockClock {
  /** Milliseconds since the epoch, by this clock. */
  now(): number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Back to how it started. */
  reset(): void;
}

/**
 * A clock of the given kind.
 *
 * @example
 * ```ts
 * const clock = mockClock("manual");
 * clock.advance(2_000);
 * ```
 */
export function mockClock(kind: "real" | "manual"): MockClock {
  const start = Date.now();
  let offset = 0;
  return {
    now: () => (kind === "manual" ? start : Date.now()) + offset,
    advance(ms) {
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`control.advance: ms must be a finite number >= 0, got ${String(ms)}`);
      }
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}
