// The API versions this client speaks. An appliance serves its own version and a few earlier ones, as the path
// prefix (`/api/v8.1/...`); no header selects it (../shared/reference/versions.md, "Which appliance serves which
// API version"): product 8.1 serves v8.1, v8, v7 and v6; 8.0 serves v8, v7, v6; 1.0 serves v1.

/** Every API version the client speaks, newest first: the order `detectApiVersion` tries them in. */
export const apiVersions = ["v8.1", "v8", "v7", "v6", "v1"] as const;

/**
 * An API version: `"v8.1"`, `"v8"`, `"v7"` and `"v6"` (product 8.1 serves all four; 8.0 the last three) share
 * the operations and models of v8.1; `"v1"` is the version of product 1.0.
 * @example "v8.1"
 */
export type ApiVersion = (typeof apiVersions)[number];

/** The versions that use the v8.1 operations and models under their own prefix. */
export type CurrentApiVersion = Exclude<ApiVersion, "v1">;

/** The version a client speaks when `apiVersion` is not given: the newest, which today's appliances serve. */
export const defaultApiVersion = "v8.1" satisfies ApiVersion;

/**
 * Returns `value` if it is one of `supported`, or throws a TypeError naming them.
 *
 * @example
 * ```ts
 * requireApiVersion(options.apiVersion ?? defaultApiVersion, apiVersions);
 * ```
 */
export function requireApiVersion<V extends ApiVersion>(value: unknown, supported: readonly V[]): V {
  if (!(supported as readonly unknown[]).includes(value)) {
    throw new TypeError(
      `apiVersion must be one of ${supported.map((v) => `"${v}"`).join(", ")}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`,
    );
  }
  return value as V;
}
