/**
 * A command used wrongly: a missing or bad option or argument, an unreadable file, a confirmation that cannot be
 * asked. The CLI prints its message and exits with 2.
 *
 * @example
 * ```ts
 * throw new UsageError("no appliance: pass --url https://<appliance> or set VBAZURE_URL");
 * ```
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Runs `check` (a client argument check, which throws TypeError or RangeError) and turns its complaint into a
 * UsageError that names the CLI's own option or argument.
 *
 * @example
 * ```ts
 * const id = asUsage("<vmId>", () => requireId(vmId, "vmId"));
 * ```
 */
export function asUsage<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new UsageError(`${what}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
