// Checks of caller input, made before any request: a bad id or count is a programming error, reported as a
// TypeError or RangeError that names the argument and says what was wrong.

const show = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : String(value));

/**
 * Returns `value` as an id for one path segment, or throws a TypeError: it must be a non-empty, well-formed
 * string and not `.` or `..`, which a URL parser would resolve as dot segments (openapi-fetch percent-encodes
 * everything else, so `a/b` or `a?b#c` stay one segment).
 *
 * @example
 * ```ts
 * requireId(vmId, "vmId");
 * ```
 */
export function requireId(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${name} must be a non-empty string, got ${show(value)}`);
  }
  if (value === "." || value === "..") {
    throw new TypeError(`${name} ${show(value)} is not an id: a URL would resolve it as a dot segment`);
  }
  if (!value.isWellFormed())
    throw new TypeError(`${name} is not well-formed Unicode (it has a lone surrogate)`);
  return value;
}

/**
 * Returns `value` if it is an integer from `min` to 2^31 - 1 (the API's int32), or throws a RangeError
 * (a TypeError for a non-number).
 *
 * @example
 * ```ts
 * requireCount(limit, "limit", 1);
 * ```
 */
export function requireCount(value: unknown, name: string, min: number): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > 2 ** 31 - 1) {
    throw new RangeError(`${name} must be an integer from ${min} to ${2 ** 31 - 1}, got ${show(value)}`);
  }
  return value;
}

/**
 * Returns the distinct ids of `value`, a non-empty array of ids (each checked as by {@link requireId}), or throws
 * a TypeError.
 *
 * @example
 * ```ts
 * requireIds([vmIdA, vmIdB], "vmIds");
 * ```
 */
export function requireIds(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(
      `${name} must be a non-empty array of ids, got ${Array.isArray(value) ? "[]" : show(value)}`,
    );
  }
  return [...new Set(value.map((id, i) => requireId(id, `${name}[${i}]`)))];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Returns `value` if it is a UUID (such as a restore point's id), or throws a TypeError.
 *
 * @example
 * ```ts
 * requireUuid(restorePointId, "restorePointId");
 * ```
 */
export function requireUuid(value: unknown, name: string): string {
  if (typeof value !== "string" || !uuid.test(value)) {
    throw new TypeError(
      `${name} must be a UUID such as "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a", got ${show(value)}`,
    );
  }
  return value;
}
