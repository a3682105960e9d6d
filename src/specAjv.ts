// The Ajv settings our specs are checked with, in one place: `vbazure verify` (src/cli/specValidator.ts) and the
// mock appliance (src/mock/specs.ts) judge requests and responses by the same formats and keywords.
import type { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Adds the formats and keywords of our OpenAPI 3.1 specs to `ajv`: the standard formats (`uuid`, `date-time`,
 * `uri`, ...), OpenAPI's `int32`, `int64` and `password`, and OpenAPI's documentation-only keywords.
 *
 * @example
 * ```ts
 * const ajv = configureSpecAjv(new Ajv2020({ allErrors: true }));
 * ```
 */
export function configureSpecAjv<A extends Ajv2020>(ajv: A): A {
  addFormats.default(ajv);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: Number.isSafeInteger });
  ajv.addFormat("password", true);
  // OpenAPI's own schema keywords, which carry documentation only.
  ajv.addVocabulary(["discriminator", "example", "x-enumDescriptions", "components"]);
  return ajv;
}
