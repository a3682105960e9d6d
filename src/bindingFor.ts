// Which binding speaks which version: the one place that knows every version (for the all-version entry).
import type { ApiVersion } from "./core/apiVersion.js";
import type { VersionBinding } from "./core/binding.js";
import { v1Binding } from "./v1/bindings.js";
import { currentBinding } from "./v8_1/bindings.js";

/**
 * The binding of `apiVersion`.
 *
 * @example
 * ```ts
 * bindClient(connect(options), bindingFor("v8"));
 * ```
 */
export function bindingFor(apiVersion: ApiVersion): VersionBinding {
  return apiVersion === "v1" ? v1Binding : currentBinding(apiVersion);
}
