// How an error reaches the operator: one line ("vbazure: <what went wrong>", ending with the appliance's trace id
// when it gave one, to quote when reporting the problem), and the stack only with --verbose. The library's
// errors carry no secrets, so neither does this.
import { type Io, writeLine } from "./io.js";

/**
 * Prints `error` on stderr, prefixed with `subject` (such as a VM id) when given.
 *
 * @example
 * ```ts
 * printError(io, error, { verbose: false, subject: vmId });
 * // vbazure: bp6tt...: POST /api/v1/virtualMachines/bp6tt.../deleteSnapshots: 404 Not Found - ... (trace 0HN...)
 * ```
 */
export function printError(io: Io, error: unknown, { verbose = false, subject = "" } = {}): void {
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `vbazure: ${subject ? `${subject}: ` : ""}${message}`);
  if (verbose && error instanceof Error && error.stack) {
    writeLine(io.stderr, error.stack);
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
      writeLine(io.stderr, `caused by: ${cause.stack ?? cause.message}`);
    }
  }
}
