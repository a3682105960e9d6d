// The multi-factor code of a user with MFA (v6 and later: the password login answers with a challenge; see
// ../shared/reference/versions.md, "Multi-factor"): from VBAZURE_MFA_CODE, or asked on the terminal. Never a flag,
// since flags show in the process list; and like the password, never printed or logged.
import type { Io } from "./io.js";
import { askMfaCode, canAsk } from "./prompts.js";
import { UsageError } from "./usageError.js";

/**
 * The `credentials.mfaCode` of the CLI: a function the client asks once per login that needs a code (never for a
 * user without MFA). The first login gets VBAZURE_MFA_CODE when it is set; a code is valid for seconds and an
 * appliance may refuse one used before, so a later login (once the refresh token has expired) asks on the
 * terminal. Without either, a UsageError that names VBAZURE_MFA_CODE.
 *
 * @example
 * ```ts
 * const credentials = { username, password, mfaCode: mfaCodeFor(username, io, signal) };
 * ```
 */
export function mfaCodeFor(username: string, io: Io, signal: AbortSignal): () => Promise<string> {
  let fromEnv = io.env.VBAZURE_MFA_CODE?.trim() || undefined;
  let spent = false;
  return async () => {
    if (fromEnv !== undefined) {
      const code = fromEnv;
      fromEnv = undefined;
      spent = true;
      return code;
    }
    if (canAsk(io)) return askMfaCode(`MFA code for ${username}:`, io, signal);
    throw new UsageError(
      spent
        ? `user ${username} must log in again with a new multi-factor code, and the one in VBAZURE_MFA_CODE was used already: run in a terminal to be asked for a new one, or run the command again with a fresh VBAZURE_MFA_CODE`
        : `user ${username} has multi-factor authentication: set VBAZURE_MFA_CODE to the code of their authenticator app, or run in a terminal to be asked for it`,
    );
  };
}
