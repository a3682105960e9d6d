// `--all-profiles`: every appliance of the config file at once. Each profile is connected as `--profile` would
// connect it (its values under the run's flags and variables, its API version detected once), with its own
// password only: VBAZURE_PASSWORD_<PROFILE>, else asked for on a terminal, one profile after another before any
// request (questions asked in parallel would garble the terminal); VBAZURE_PASSWORD, meant for one appliance, is
// sent to none of them. An appliance that fails is reported on stderr and the others still run.
import { readConfig } from "./config.js";
import { type Connected, connect, type GlobalOptions, type Source } from "./connect.js";
import { printError } from "./errorOutput.js";
import type { Io } from "./io.js";
import { passwordVariable } from "./passwordVariable.js";
import { withProfile } from "./profileOptions.js";
import { askPassword, canAsk } from "./prompts.js";
import { UsageError } from "./usageError.js";

/** One appliance of the fleet: its profile's name and how to connect to it. */
export interface FleetMember {
  /** @example "prod" */
  profile: string;
  /** Connects to the appliance (logging in, detecting its API version). */
  connect(): Promise<Connected>;
}

/**
 * The fleet: a member per profile of the config file, in its order. Refuses --profile and --url (which name one
 * appliance) and a config without profiles.
 *
 * @example
 * ```ts
 * const members = await fleet(command.optsWithGlobals(), source, io, signal);
 * ```
 */
export async function fleet(
  options: GlobalOptions,
  source: (name: string) => Source,
  io: Io,
  signal: AbortSignal,
): Promise<FleetMember[]> {
  for (const [key, flag] of [
    ["profile", "--profile (or VBAZURE_PROFILE)"],
    ["url", "--url (or VBAZURE_URL)"],
  ] as const) {
    if (options[key] !== undefined)
      throw new UsageError(`--all-profiles addresses every profile: leave ${flag} out`);
  }
  const { profiles } = readConfig(io);
  const names = Object.keys(profiles);
  if (names.length === 0) {
    throw new UsageError(
      "--all-profiles: the config file has no profiles; add them with `vbazure profiles add <name> --url <url>`",
    );
  }
  const members: FleetMember[] = [];
  for (const name of names) {
    const profile = profiles[name];
    if (!profile) continue;
    const profiled = withProfile(options, source, name, profile);
    const variable = passwordVariable(name);
    const env = { ...io.env };
    // Asked now, one profile after another, when the profile logs in with a user and has no variable set.
    const usesPassword = profiled.options.token === undefined && profiled.options.username !== undefined;
    if (usesPassword && !env[variable] && canAsk(io)) {
      env[variable] = await askPassword(`Password for ${profiled.options.username} (${name}):`, io, signal);
    }
    const own: Io = { ...io, env };
    members.push({
      profile: name,
      connect: () => connect(profiled.options, profiled.source, own, signal, { ownPasswordOnly: true }),
    });
  }
  return members;
}

/**
 * Runs `work` for each member, at most `limit` at a time; a member whose work fails is reported on stderr
 * (`vbazure: <profile>: <error>`). Resolves with the profiles that failed.
 *
 * @example
 * ```ts
 * const failed = await forEachMember(members, 4, (member) => listOne(member), io, signal);
 * ```
 */
export async function forEachMember(
  members: readonly FleetMember[],
  limit: number,
  work: (member: FleetMember) => Promise<void>,
  io: Io,
  signal: AbortSignal,
  { verbose = false } = {},
): Promise<string[]> {
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const member = members[next++] as FleetMember;
      try {
        await work(member);
      } catch (error) {
        // Ctrl-C ends the whole run, not one appliance.
        if (signal.aborted) throw error;
        failed.push(member.profile);
        printError(io, error, { verbose, subject: member.profile });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, members.length) }, worker));
  return failed;
}
