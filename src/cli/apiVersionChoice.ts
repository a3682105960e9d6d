// `--api-version`: the API version a run speaks, given (the flag or VBAZURE_API_VERSION) or detected once per run
// (`auto`, the default). What v1 lacks (list filters, manual-only deletes) is a usage error that says which
// version is in use and how it was chosen (../shared/reference/versions.md: product 1.0 serves v1 alone).
import type { ApiVersion } from "../core/apiVersion.js";
import { UsageError } from "./usageError.js";

/**
 * The values `--api-version` takes, oldest first as `--help` lists them: a version, or `auto` to detect it.
 * @example ["v1", "v6", "v7", "v8", "v8.1", "auto"]
 */
export const apiVersionChoices = ["v1", "v6", "v7", "v8", "v8.1", "auto"] as const satisfies readonly (
  | ApiVersion
  | "auto"
)[];

/** A value of `--api-version`. @example "auto" */
export type ApiVersionChoice = (typeof apiVersionChoices)[number];

/** How the version in use was chosen: detected, or given with the flag, the environment variable or the profile. */
export type ApiVersionSource = "detected" | "--api-version" | "VBAZURE_API_VERSION" | "profile";

/** The API version a run speaks, and how it was chosen. */
export interface ChosenApiVersion {
  /** @example "v8.1" */
  apiVersion: ApiVersion;
  /** @example "detected" */
  source: ApiVersionSource;
}

/**
 * The version and how it was chosen, as `--verbose` and `about` show it.
 *
 * @example
 * ```ts
 * describeApiVersion({ apiVersion: "v8.1", source: "detected" }); // "v8.1 (detected)"
 * describeApiVersion({ apiVersion: "v6", source: "--api-version" }); // "v6 (given with --api-version)"
 * ```
 */
export function describeApiVersion({ apiVersion, source }: ChosenApiVersion): string {
  if (source === "detected") return `${apiVersion} (detected)`;
  return `${apiVersion} (${source === "profile" ? "given by the profile" : `given with ${source}`})`;
}

/**
 * Refuses what API v1 lacks, naming the options that ask for it: a UsageError when `chosen` is v1, nothing
 * otherwise. Called with a given version before any request, and again once a version is detected.
 *
 * @example
 * ```ts
 * requireV6OrLater({ apiVersion: "v1", source: "detected" }, ["--vm-id"]);
 * // UsageError: --vm-id needs API v6 or later, and this appliance speaks only v1 (detected; product 1.0): leave it out
 * ```
 */
export function requireV6OrLater(chosen: ChosenApiVersion, options: readonly string[]): void {
  if (chosen.apiVersion !== "v1" || options.length === 0) return;
  const names = options.join(" and ");
  const need = `${names} ${options.length === 1 ? "needs" : "need"} API v6 or later`;
  const them = options.length === 1 ? "it" : "them";
  throw new UsageError(
    chosen.source === "detected"
      ? `${need}, and this appliance speaks only v1 (detected; product 1.0): leave ${them} out`
      : `${need}, and the API version is ${describeApiVersion(chosen)}: leave ${them} out, or give v6 or later (or auto) if the appliance serves it`,
  );
}
