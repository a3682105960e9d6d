// The refusal of what an API version lacks (v1: list filters, batch and manual-only deletes, system/about): a
// TypeError before any request, for callers the types do not stop (JavaScript, or a cast).
import type { ApiVersion } from "./apiVersion.js";

/**
 * Throws the TypeError saying that `apiVersion` has no `what`.
 *
 * @example
 * ```ts
 * unsupported("v1", "batch delete (an array of vmIds)");
 * // TypeError: API v1 has no batch delete (an array of vmIds); it needs API v6 or later (apiVersion "v8.1", say)
 * ```
 */
export function unsupported(apiVersion: ApiVersion, what: string): never {
  throw new TypeError(`API ${apiVersion} has no ${what}; it needs API v6 or later (apiVersion "v8.1", say)`);
}
