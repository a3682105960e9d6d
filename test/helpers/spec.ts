// The bundled spec as data (written by the global setup); its validators and declared responses come from the
// checker `vbazure verify` uses, so the tests and the CLI judge responses by the same rules.
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import type { SpecVersion } from "../../scripts/bundle.js";
import {
  type DeclaredResponse,
  declaredResponse,
  type OpenApiDocument,
} from "../../src/cli/specValidator.js";

export { schemaValidators } from "../../src/cli/specValidator.js";

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON walked by the tests
export type Json = any;

/** The bundled spec of `version` (written by the global setup). */
export function loadSpec(version: SpecVersion = "v1"): Json {
  return JSON.parse(readFileSync(inject("bundledSpecs")[version].json, "utf8"));
}

/** The schema `$ref` and named examples of an operation's response body. */
export function responseBody(spec: OpenApiDocument, operationId: string, status: string): DeclaredResponse {
  const declared = declaredResponse(spec, operationId, status);
  if (!declared) throw new Error(`${operationId} declares no ${status} response`);
  return declared;
}
