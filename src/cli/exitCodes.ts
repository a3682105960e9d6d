// The exit codes, documented in every command's --help and in the README, and which error ends in which.
import { CommanderError } from "commander";
import { MfaRequiredError, NetworkError, TimeoutError } from "../core/errors.js";
import { Interrupted } from "./interrupted.js";
import { UsageError } from "./usageError.js";

/** The CLI's exit codes. */
export const exitCodes = {
  ok: 0,
  /** The appliance answered with an error, or with something unusable, or a job session failed. */
  api: 1,
  usage: 2,
  network: 3,
  deviations: 4,
  interrupted: 130,
} as const;

/** The exit codes as `--help` shows them. */
export const exitCodesHelp = `Exit codes:
  0    success
  1    the appliance answered with an error (or an unusable response), or a job session failed
  2    usage error: a missing or bad option or argument (or one the API version lacks), an unreadable
       --ca-file, a deletion not confirmed (a "no" at the question, or no terminal to ask on
       without --yes), no password or MFA code to log in with
  3    network error or timeout: no (complete) answer from the appliance
  4    verify: the appliance's responses deviate from the spec
  130  interrupted (Ctrl-C)`;

/** The exit codes of `vbazure mock` as its `--help` shows them: it serves, it asks nothing of an appliance. */
export const mockExitCodesHelp = `Exit codes:
  0    stopped with Ctrl-C or SIGTERM
  1    an unexpected failure (its message says what)
  2    usage error: a missing or bad option, the port in use, a missing optional dependency
       (openapi-backend, faker, Prism)`;

/** The exit codes of `vbazure completion` as its `--help` shows them. */
export const completionExitCodesHelp = `Exit codes:
  0    the script printed
  2    usage error: no shell, or one it has no script for`;

/**
 * The exit code for an error that ended a command.
 *
 * @example
 * ```ts
 * exitCodeOf(new TimeoutError("no answer", 30_000)); // 3
 * ```
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  // A login that needs an MFA code nobody gave is missing an input, as a password would be.
  if (error instanceof UsageError || error instanceof MfaRequiredError) return exitCodes.usage;
  if (error instanceof NetworkError || error instanceof TimeoutError) return exitCodes.network;
  if (error instanceof Interrupted) return exitCodes.interrupted;
  // ApiError, InvalidResponseError and JobSessionError, and anything unexpected.
  return exitCodes.api;
}
