// The profile a run uses, laid under its options: a flag wins over its variable, which wins over the profile. The
// profile is the one --profile (or VBAZURE_PROFILE) names, else the config's default, which applies only when no
// --url (or VBAZURE_URL) is given: an address of one's own is not mixed with the default profile's user name.
import { type Config, type Profile, readConfig, requireProfile } from "./config.js";
import type { GlobalOptions, Source } from "./connect.js";
import type { Io } from "./io.js";

/** The options with the profile applied, and where each came from ("config" for the profile's). */
export interface ProfiledOptions {
  options: GlobalOptions;
  source: (name: string) => Source;
}

const given = (source: Source) => source === "cli" || source === "env";

/**
 * Lays `profile` (named `name`) under `options`: each of its values where the option was given neither as a flag
 * nor as a variable. Its user name is left out when a token was given, which wins over it.
 *
 * @example
 * ```ts
 * const { options, source } = withProfile(globals, (name) => program.getOptionValueSource(name), "prod", profile);
 * ```
 */
export function withProfile(
  options: GlobalOptions,
  source: (name: string) => Source,
  name: string,
  profile: Profile,
): ProfiledOptions {
  const merged: GlobalOptions = { ...options, profile: name };
  const filled = new Set<string>();
  // Whether the profile's value goes in: it has one, and the option was given neither as a flag nor a variable.
  const takes = (key: string, value: unknown) => {
    if (value === undefined || given(source(key))) return false;
    filled.add(key);
    return true;
  };
  if (takes("url", profile.url)) merged.url = profile.url;
  const tokenOrUser = given(source("token")) || given(source("username"));
  if (!tokenOrUser && profile.username !== undefined && takes("username", profile.username))
    merged.username = profile.username;
  if (profile.caFile !== undefined && takes("caFile", profile.caFile)) merged.caFile = profile.caFile;
  if (profile.apiVersion !== undefined && takes("apiVersion", profile.apiVersion))
    merged.apiVersion = profile.apiVersion;
  return { options: merged, source: (key) => (filled.has(key) ? "config" : source(key)) };
}

/**
 * The run's options with its profile applied (./config.ts read only when a profile may apply); the options as
 * they are when none does.
 *
 * @example
 * ```ts
 * const { options, source } = applyProfile(command.optsWithGlobals(), (name) => program.getOptionValueSource(name), io);
 * ```
 */
export function applyProfile(
  options: GlobalOptions,
  source: (name: string) => Source,
  io: Pick<Io, "env" | "stderr">,
): ProfiledOptions {
  let config: Config | undefined;
  let name = options.profile;
  if (name === undefined) {
    if (options.url !== undefined) return { options, source };
    config = readConfig(io);
    name = config.defaultProfile;
    if (name === undefined) return { options, source };
  }
  config ??= readConfig(io);
  return withProfile(options, source, name, requireProfile(config, name, io.env));
}
