// The spec `vbazure verify` checks an appliance against: the bundled spec of the API version in use, v1's for v1
// and v8.1's for v8.1, v8, v7 and v6 (which serve the v8.1 operations under their own prefix:
// ../shared/reference/versions.md), or the one --spec names, which must describe that version family.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ApiVersion } from "../core/apiVersion.js";
import type { OpenApiDocument } from "./specValidator.js";
import { UsageError } from "./usageError.js";

/** The versions with a spec of their own; the others use v8.1's. */
export type SpecFamily = "v1" | "v8.1";

/**
 * The spec family of `apiVersion`: v1's own, or v8.1's for v6 to v8.1.
 *
 * @example
 * ```ts
 * specFamilyOf("v7"); // "v8.1"
 * ```
 */
export function specFamilyOf(apiVersion: ApiVersion): SpecFamily {
  return apiVersion === "v1" ? "v1" : "v8.1";
}

/**
 * The path of the spec bundled with the package for `apiVersion` (`dist/openapi/v1.json` or `v8.1.json`; from
 * `src/cli/` in development, after `npm run bundle`).
 *
 * @example
 * ```ts
 * bundledSpecFor("v6"); // ".../dist/openapi/v8.1.json"
 * ```
 */
export function bundledSpecFor(apiVersion: ApiVersion): string {
  return fileURLToPath(new URL(`../../dist/openapi/${specFamilyOf(apiVersion)}.json`, import.meta.url));
}

/**
 * The version family a spec describes, read off the path of its snapshot list (`/api/v1/...` or
 * `/api/v8.1/...`); undefined when it has no such operation or another prefix.
 *
 * @example
 * ```ts
 * describedFamily({ paths: { "/api/v1/virtualMachineSnapshots": { get: { operationId: "listVirtualMachineSnapshots" } } }, components: { schemas: {} } }); // "v1"
 * ```
 */
export function describedFamily(spec: OpenApiDocument): SpecFamily | undefined {
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (item?.get?.operationId !== "listVirtualMachineSnapshots") continue;
    const prefix = /^\/api\/(v[\d.]+)\//.exec(path)?.[1];
    return prefix === "v1" || prefix === "v8.1" ? prefix : undefined;
  }
  return undefined;
}

/**
 * Reads a spec (JSON). `what` names it in the UsageError when it cannot be read: the --spec given, or the
 * package's bundle, which a checkout has only after `npm run bundle`.
 *
 * @example
 * ```ts
 * const spec = await readSpec(options.spec, `--spec ${options.spec}`);
 * ```
 */
export async function readSpec(file: string, what: string): Promise<OpenApiDocument> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const bundled = what.startsWith("the bundled spec")
      ? "; in a checkout of the package, run `npm run bundle` first, or pass --spec"
      : "";
    throw new UsageError(`${what}: cannot read the spec (${(error as Error).message})${bundled}`, {
      cause: error,
    });
  }
}

/**
 * Refuses a spec of another version family than `apiVersion`'s, with a UsageError naming it (`what`).
 *
 * @example
 * ```ts
 * requireSpecFor(spec, "v8.1", "--spec v1.json"); // UsageError: --spec v1.json: it describes API v1, and the API version in use is v8.1: ...
 * ```
 */
export function requireSpecFor(spec: OpenApiDocument, apiVersion: ApiVersion, what: string): void {
  const family = specFamilyOf(apiVersion);
  const described = describedFamily(spec);
  if (described === family) return;
  const says = described
    ? `it describes API ${described}`
    : "it has no snapshot list (listVirtualMachineSnapshots) under /api/v1/ or /api/v8.1/";
  throw new UsageError(
    `${what}: ${says}, and the API version in use is ${apiVersion}: pass the bundled ${family} spec (JSON), or leave --spec out`,
  );
}
