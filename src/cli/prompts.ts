// Questions on the terminal (Inquirer): the confirmation before deleting, and the password and MFA code for
// --username. They are asked on stderr so that stdout keeps only the command's output, and only when stdin is a
// terminal.

import { Interrupted } from "./interrupted.js";
import type { Io } from "./io.js";
import { UsageError } from "./usageError.js";

/** Whether questions can be asked: stdin is a terminal. */
export const canAsk = (io: Io) => io.stdin.isTTY === true;

// Inquirer rejects with ExitPromptError on Ctrl-C and AbortPromptError when the signal aborts.
function stopped(error: unknown, signal: AbortSignal): never {
  if (signal.aborted) throw signal.reason;
  if ((error as Error)?.name === "ExitPromptError") throw new Interrupted("Ctrl-C");
  throw error;
}

/**
 * Asks a yes/no question on the terminal (default: no).
 *
 * @example
 * ```ts
 * if (!(await askConfirmation("Delete the snapshots of 2 VMs?", io, signal))) return;
 * ```
 */
export async function askConfirmation(message: string, io: Io, signal: AbortSignal): Promise<boolean> {
  if (!canAsk(io)) throw new UsageError(`cannot ask "${message}": stdin is not a terminal`);
  const { default: confirm } = await import("@inquirer/confirm");
  return confirm({ message, default: false }, { input: io.stdin, output: io.stderr, signal }).catch(
    (error: unknown) => stopped(error, signal),
  );
}

/**
 * Asks for a password on the terminal, echoing nothing.
 *
 * @example
 * ```ts
 * const password = await askPassword("Password for backupadmin:", io, signal);
 * ```
 */
export function askPassword(message: string, io: Io, signal: AbortSignal): Promise<string> {
  return askSecret(message, (value) => value !== "" || "The password must not be empty", io, signal);
}

/**
 * Asks for a multi-factor code on the terminal, echoing nothing (as a password: it is a secret for its few
 * seconds); blanks around it are dropped.
 *
 * @example
 * ```ts
 * const code = await askMfaCode("MFA code for backupadmin:", io, signal);
 * ```
 */
export async function askMfaCode(message: string, io: Io, signal: AbortSignal): Promise<string> {
  const code = await askSecret(
    message,
    (value) => value.trim() !== "" || "Type the code your authenticator app shows",
    io,
    signal,
  );
  return code.trim();
}

async function askSecret(
  message: string,
  validate: (value: string) => true | string,
  io: Io,
  signal: AbortSignal,
): Promise<string> {
  if (!canAsk(io)) throw new UsageError(`cannot ask "${message}": stdin is not a terminal`);
  const { default: password } = await import("@inquirer/password");
  return password({ message, validate }, { input: io.stdin, output: io.stderr, signal }).catch(
    (error: unknown) => stopped(error, signal),
  );
}
