// `vbazure profiles add|list|show|remove|use`: the named appliances of the config file (./config.ts). `add` takes
// the profile's values from the flags given with it (--url, --username, --ca-file, --api-version), never from the
// environment (which would save whatever the shell happens to hold) and never a token: a profile keeps no secret.
import { resolve } from "node:path";
import { parseBaseUrl } from "../core/baseUrl.js";
import type { ApiVersionChoice } from "./apiVersionChoice.js";
import {
  type Config,
  configPath,
  type Profile,
  profileNamePattern,
  readConfig,
  requireProfile,
  writeConfig,
} from "./config.js";
import { type Io, writeLine } from "./io.js";
import { renderTable, show } from "./table.js";
import { asUsage, UsageError } from "./usageError.js";

/** The values `profiles add` saves, as given with its flags. */
export interface ProfileFlags {
  /** --url. @default undefined (refused: a profile needs one) */
  url?: string | undefined;
  /** --username. @default undefined */
  username?: string | undefined;
  /** --ca-file. @default undefined */
  caFile?: string | undefined;
  /** --api-version. @default undefined */
  apiVersion?: ApiVersionChoice | undefined;
  /** Whether a token was given (refused: a profile keeps no secret). @default false */
  token?: boolean;
}

/** How `profiles list` and `show` print: a table, or JSON. */
export type ProfilesFormat = "table" | "json";

function checkName(name: string): void {
  if (!profileNamePattern.test(name)) {
    throw new UsageError(
      `<name>: ${JSON.stringify(name)} is not a profile name: use a letter or digit, then letters, digits, ".", "_" or "-" (64 characters at most)`,
    );
  }
}

/**
 * `profiles add <name>`: saves a profile (or replaces one, with `replace`); the first profile becomes the default.
 *
 * @example
 * ```ts
 * addProfile("prod", { url: "https://vbazure.corp.example", username: "backupadmin" }, false, io);
 * ```
 */
export function addProfile(name: string, flags: ProfileFlags, replace: boolean, io: Io): void {
  checkName(name);
  if (flags.token) {
    throw new UsageError(
      "profiles add: a profile keeps no token (nor password): leave --token out and give it with VBAZURE_TOKEN when running commands",
    );
  }
  if (!flags.url) throw new UsageError(`profiles add ${name}: give the appliance's address with --url <url>`);
  const url = flags.url;
  // Checked as a run checks it (plain http to this machine allowed; connect refuses it elsewhere, as it would).
  asUsage("--url", () => parseBaseUrl(url, true));
  const config = readConfig(io);
  const existed = Object.hasOwn(config.profiles, name);
  if (existed && !replace) {
    throw new UsageError(`profiles add: there is a profile ${name} already; pass --replace to replace it`);
  }
  const profile: Profile = { url: flags.url };
  if (flags.username) profile.username = flags.username;
  // Absolute, so that the profile works from any folder.
  if (flags.caFile) profile.caFile = resolve(flags.caFile);
  if (flags.apiVersion && flags.apiVersion !== "auto") profile.apiVersion = flags.apiVersion;
  const next: Config = { ...config, profiles: { ...config.profiles, [name]: profile } };
  if (next.defaultProfile === undefined) next.defaultProfile = name;
  writeConfig(io, next);
  writeLine(
    io.stderr,
    `${existed ? "Replaced" : "Added"} profile ${name}${next.defaultProfile === name ? " (the default)" : ""} in ${configPath(io.env)}.`,
  );
}

const head = ["NAME", "URL", "USERNAME", "CA FILE", "API VERSION", "DEFAULT"];
const row = (name: string, profile: Profile, config: Config) => [
  name,
  profile.url,
  show(profile.username),
  show(profile.caFile),
  profile.apiVersion ?? "auto",
  config.defaultProfile === name ? "*" : "",
];
const record = (name: string, profile: Profile, config: Config) => ({
  name,
  ...profile,
  default: config.defaultProfile === name,
});

/**
 * `profiles list`: every profile, the default marked.
 *
 * @example
 * ```ts
 * listProfiles("table", io);
 * ```
 */
export function listProfiles(format: ProfilesFormat, io: Io): void {
  const config = readConfig(io);
  const entries = Object.entries(config.profiles);
  if (format === "json") {
    writeLine(
      io.stdout,
      JSON.stringify(
        entries.map(([name, p]) => record(name, p, config)),
        null,
        2,
      ),
    );
  } else if (entries.length === 0) {
    writeLine(
      io.stderr,
      `No profiles in ${configPath(io.env)}; add one with \`vbazure profiles add <name> --url <url>\`.`,
    );
  } else {
    io.stdout.write(
      renderTable(
        head,
        entries.map(([name, p]) => row(name, p, config)),
      ),
    );
  }
}

/**
 * `profiles show <name>`: one profile's values.
 *
 * @example
 * ```ts
 * showProfile("prod", "json", io);
 * ```
 */
export function showProfile(name: string, format: ProfilesFormat, io: Io): void {
  const config = readConfig(io);
  const profile = requireProfile(config, name, io.env);
  if (format === "json") {
    writeLine(io.stdout, JSON.stringify(record(name, profile, config), null, 2));
    return;
  }
  const cells = row(name, profile, config);
  io.stdout.write(
    renderTable(
      undefined,
      head.map((title, i) => [title, cells[i] || "-"]),
    ),
  );
}

/**
 * `profiles remove <name>`: deletes a profile (and makes no profile the default if it was).
 *
 * @example
 * ```ts
 * removeProfile("lab", io);
 * ```
 */
export function removeProfile(name: string, io: Io): void {
  const config = readConfig(io);
  requireProfile(config, name, io.env);
  const { [name]: _removed, ...profiles } = config.profiles;
  const next: Config = { profiles };
  if (config.defaultProfile !== undefined && config.defaultProfile !== name)
    next.defaultProfile = config.defaultProfile;
  writeConfig(io, next);
  writeLine(
    io.stderr,
    `Removed profile ${name}${config.defaultProfile === name ? "; there is no default profile now (`vbazure profiles use <name>` sets one)" : ""}.`,
  );
}

/**
 * `profiles use <name>`: makes a profile the default.
 *
 * @example
 * ```ts
 * useProfile("prod", io);
 * ```
 */
export function useProfile(name: string, io: Io): void {
  const config = readConfig(io);
  requireProfile(config, name, io.env);
  writeConfig(io, { ...config, defaultProfile: name });
  writeLine(io.stderr, `The default profile is ${name}.`);
}
