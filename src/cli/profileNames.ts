// The names of the connection profiles, for shell completion to offer after --profile: those of the config file
// (./config.ts) when the script is generated. A config that cannot be read offers none, rather than failing the
// completion script.
import { readConfig } from "./config.js";
import type { Io } from "./io.js";

/**
 * The profile names completion offers after `--profile`: the config file's, none when it is missing or unusable.
 *
 * @example
 * ```ts
 * profileNames(io); // ["lab", "prod"]
 * ```
 */
export function profileNames(io: Pick<Io, "env" | "stderr">): string[] {
  try {
    return Object.keys(readConfig(io).profiles);
  } catch {
    return [];
  }
}
