// The bundled spec as data, and Ajv validators for its schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses).
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { inject } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: the spec is untyped JSON walked by the tests
export type Json = any;

/** The bundled spec (written by the global setup). */
export function loadSpec(): Json {
  return JSON.parse(readFileSync(inject("bundledSpecJson"), "utf8"));
}

/** Creates a validator factory for the schemas of `spec`. */
export function schemaValidators(spec: Json): (ref: string) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: Number.isSafeInteger });
  ajv.addFormat("password", true);
  // OpenAPI's own schema keywords, which carry documentation only.
  ajv.addVocabulary(["discriminator", "example", "x-enumDescriptions", "components"]);
  // Keep the schemas at their place in the spec so that its "#/components/schemas/..." references resolve.
  ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas } });
  return (ref) => {
    const validate = ajv.getSchema(`spec${ref}`);
    if (!validate) throw new Error(`no schema ${ref}`);
    return validate;
  };
}

/** The schema `$ref` and named examples of an operation's response body. */
export function responseBody(spec: Json, operationId: string, status: string) {
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      if (operation.operationId !== operationId) continue;
      let response = operation.responses[status];
      if (response.$ref) response = spec.components.responses[response.$ref.split("/").pop()];
      const [mediaType, media] = Object.entries<Json>(response.content)[0] ?? [];
      const examples = Object.fromEntries(
        Object.entries<Json>(media.examples ?? {}).map(([key, example]) => [
          key,
          (example.$ref ? spec.components.examples[example.$ref.split("/").pop()] : example).value,
        ]),
      );
      return {
        path,
        method,
        mediaType: mediaType as string,
        schemaRef: media.schema.$ref as string,
        examples,
      };
    }
  }
  throw new Error(`no operation ${operationId}`);
}
