// The CLI's config file: named profiles (an appliance's URL, user name, CA file and API version) and which of them
// is the default. It is at $XDG_CONFIG_HOME/vbazure/config.json (~/.config/vbazure/config.json when that is unset),
// or wherever VBAZURE_CONFIG says. It never holds a secret: a file with a password or token in it is refused, with
// the way to fix it, rather than read (the secret's value is never repeated). The folder is made 0700 and the file
// written 0600, through a temporary file renamed over it, so that a crash leaves the old file or the new one; a
// file others can read is tightened to 0600, with a warning.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { type ApiVersionChoice, apiVersionChoices } from "./apiVersionChoice.js";
import { type Io, writeLine } from "./io.js";
import { passwordVariable } from "./passwordVariable.js";
import { UsageError } from "./usageError.js";

/** One named appliance: where it is and how to reach it, never a secret. */
export interface Profile {
  /** The appliance's address, as --url takes it. @example "https://vbazure.corp.example" */
  url: string;
  /**
   * The user to log in as (the password comes from VBAZURE_PASSWORD_<PROFILE>, VBAZURE_PASSWORD or the terminal).
   * @default undefined (a token from --token or VBAZURE_TOKEN)
   */
  username?: string;
  /**
   * The certificate (PEM) to trust, as --ca-file takes it.
   * @default undefined (the system's trusted certificates)
   */
  caFile?: string;
  /**
   * The API version to speak, as --api-version takes it.
   * @default undefined ("auto": detected)
   */
  apiVersion?: ApiVersionChoice;
}

/** What the config file holds. */
export interface Config {
  /**
   * The profile used when neither --profile, VBAZURE_PROFILE nor an --url (or VBAZURE_URL) is given.
   * @default undefined (none)
   */
  defaultProfile?: string;
  /** The profiles by name. */
  profiles: Record<string, Profile>;
}

/** What a profile's name may be: a letter or digit, then letters, digits, `.`, `_` and `-`. */
export const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["profiles"],
  properties: {
    defaultProfile: { type: "string", pattern: profileNamePattern.source },
    profiles: {
      type: "object",
      propertyNames: { pattern: profileNamePattern.source },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["url"],
        properties: {
          url: { type: "string", minLength: 1 },
          username: { type: "string", minLength: 1 },
          caFile: { type: "string", minLength: 1 },
          apiVersion: { type: "string", enum: [...apiVersionChoices] },
        },
      },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: true }).compile<Config>(schema);

/**
 * Where the config file is: VBAZURE_CONFIG, else $XDG_CONFIG_HOME/vbazure/config.json, else
 * ~/.config/vbazure/config.json.
 *
 * @example
 * ```ts
 * configPath({ XDG_CONFIG_HOME: "/home/ops/.config" }); // "/home/ops/.config/vbazure/config.json"
 * ```
 */
export function configPath(env: Record<string, string | undefined>): string {
  if (env.VBAZURE_CONFIG) return env.VBAZURE_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "vbazure", "config.json");
}

// Keys that name a secret, at the top or in a profile: refused, since the file is plain text on disk. (Profile
// names are not keys of that kind: a profile may be called "token-lab".)
const secretKey = /pass(word|phrase)?$|password|token|secret|mfa|credential|api[-_]?key/i;

function findSecret(value: unknown): string[] | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(value)) return undefined;
  for (const key of Object.keys(value)) if (secretKey.test(key)) return [key];
  const profiles = value.profiles;
  if (!isObject(profiles)) return undefined;
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isObject(profile)) continue;
    for (const key of Object.keys(profile)) if (secretKey.test(key)) return ["profiles", name, key];
  }
  return undefined;
}

function secretMessage(path: string, where: string[]): string {
  const key = where[where.length - 1] ?? "";
  const profile = where[0] === "profiles" ? where[1] : undefined;
  const instead = /token/i.test(key)
    ? "set VBAZURE_TOKEN instead"
    : `set ${profile ? `${passwordVariable(profile)} (or VBAZURE_PASSWORD)` : "VBAZURE_PASSWORD"} instead, or let vbazure ask on the terminal`;
  return `${path}: refusing a config file that holds a secret (${where.join(".")}): it keeps no passwords or tokens; remove "${key}" from it and ${instead}`;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const where = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "the file";
      const extra =
        error.keyword === "additionalProperties"
          ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
          : error.keyword === "propertyNames"
            ? ` (${JSON.stringify((error.params as { propertyName?: string }).propertyName)})`
            : error.keyword === "enum"
              ? ` (${(error.params as { allowedValues?: unknown[] }).allowedValues?.join(", ")})`
              : "";
      return `${where} ${error.message ?? "is invalid"}${extra}`;
    })
    .join("; ");
}

/**
 * Checks `value` as the config file's content: a UsageError (exit 2) naming the file and what is wrong, and how
 * to fix a secret in it.
 *
 * @example
 * ```ts
 * const config = checkConfig(JSON.parse(text), "/home/ops/.config/vbazure/config.json");
 * ```
 */
export function checkConfig(value: unknown, path: string): Config {
  const secret = findSecret(value);
  if (secret) throw new UsageError(secretMessage(path, secret));
  if (!validate(value)) {
    throw new UsageError(
      `${path}: not a vbazure config: ${describeErrors(validate.errors)}; fix it, or remove it and add the profiles again with \`vbazure profiles add\``,
    );
  }
  if (value.defaultProfile !== undefined && !Object.hasOwn(value.profiles, value.defaultProfile)) {
    throw new UsageError(
      `${path}: the default profile ${value.defaultProfile} is not one of its profiles; run \`vbazure profiles use <name>\` with one of them`,
    );
  }
  return value;
}

/**
 * Reads the config file (an empty config when there is none), tightening a file others can read or write to
 * 0600 with a warning on stderr.
 *
 * @example
 * ```ts
 * const { profiles, defaultProfile } = readConfig(io);
 * ```
 */
export function readConfig(io: Pick<Io, "env" | "stderr">): Config {
  const path = configPath(io.env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { profiles: {} };
    throw new UsageError(`${path}: cannot read the config file (${code ?? String(error)})`, { cause: error });
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    chmodSync(path, 0o600);
    writeLine(
      io.stderr,
      `vbazure: warning: ${path} was open to others (mode ${mode.toString(8).padStart(4, "0")}); tightened to 0600`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message}); fix or remove it`, {
      cause: error,
    });
  }
  return checkConfig(value, path);
}

/**
 * Writes the config file atomically (a temporary file beside it, renamed over it), the file 0600 in a folder made
 * 0700. The config is checked first: a secret is never written.
 *
 * @example
 * ```ts
 * writeConfig(io, { defaultProfile: "prod", profiles: { prod: { url: "https://vbazure.corp.example" } } });
 * ```
 */
export function writeConfig(io: Pick<Io, "env">, config: Config): void {
  const path = configPath(io.env);
  checkConfig(config, path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written, or the rename happened.
    }
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${path}: cannot write the config file (${code})`, { cause: error });
  }
}

/**
 * The profile named `name`, or a UsageError naming the profiles there are.
 *
 * @example
 * ```ts
 * const prod = requireProfile(readConfig(io), "prod", io.env);
 * ```
 */
export function requireProfile(
  config: Config,
  name: string,
  env: Record<string, string | undefined>,
): Profile {
  const profile = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
  if (profile) return profile;
  const names = Object.keys(config.profiles);
  throw new UsageError(
    `no profile ${name} in ${configPath(env)}: ${names.length ? `its profiles are ${names.join(", ")}` : "it has none"}; add it with \`vbazure profiles add ${name} --url <url>\``,
  );
}
