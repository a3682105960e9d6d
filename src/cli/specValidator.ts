// The bundled spec as a contract to check responses against: Ajv validators for its schemas (JSON Schema 2020-12,
// as OpenAPI 3.1 uses), the response each operation declares for a status, and each deviation with its JSON path.
// `vbazure verify` and the spec's own tests share it, so both judge a response by the same rules.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { configureSpecAjv } from "../specAjv.js";

/** A reference (`$ref`) or the object itself. */
type Ref<T> = T & { $ref?: string };

/** A media type of a response: its schema and named examples. */
export interface MediaTypeObject {
  schema?: { $ref?: string };
  examples?: Record<string, Ref<{ value?: unknown }>>;
}

/** A declared response. */
export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}

/** An operation, as far as checking responses needs it. */
export interface OperationObject {
  operationId?: string;
  responses?: Record<string, Ref<ResponseObject>>;
}

/** The parts of a bundled OpenAPI document that checking responses reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, unknown>;
    responses?: Record<string, ResponseObject>;
    examples?: Record<string, { value?: unknown }>;
  };
}

/** What an operation declares for one status: the path and method, the media type, schema and examples. */
export interface DeclaredResponse {
  path: string;
  method: string;
  mediaType: string;
  /** Such as `#/components/schemas/JobSession`. */
  schemaRef: string;
  examples: Record<string, unknown>;
}

/** A place where a response differs from the spec. */
export interface Deviation {
  /** Where, as a JSON path from the body's root (`$`), such as `$.results[0].vmId`. */
  path: string;
  /** What is wrong there, such as `must be array`. */
  message: string;
}

const local = (ref: string) => ref.split("/").pop() ?? "";

/**
 * Creates a validator factory for the schemas of `spec`: pass a schema `$ref` such as
 * `#/components/schemas/JobSession`.
 *
 * @example
 * ```ts
 * const validate = schemaValidators(spec)("#/components/schemas/JobSession");
 * validate({ id: "8" }); // false; validate.errors says why
 * ```
 */
export function schemaValidators(spec: OpenApiDocument): (ref: string) => ValidateFunction {
  const ajv = configureSpecAjv(new Ajv2020({ allErrors: true, strict: true, strictRequired: false }));
  // Keep the schemas at their place in the spec so that its "#/components/schemas/..." references resolve.
  ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas } });
  return (ref) => {
    const validate = ajv.getSchema(`spec${ref}`);
    if (!validate) throw new Error(`no schema ${ref}`);
    return validate;
  };
}

/** The operation `operationId` of `spec`, with its path and method. */
function findOperation(spec: OpenApiDocument, operationId: string) {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId === operationId) return { path, method, operation };
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/**
 * What operation `operationId` declares for `status` (the exact code, else `4XX`-style, else `default`), or
 * undefined when it declares nothing for it.
 *
 * @example
 * ```ts
 * declaredResponse(spec, "getJobSession", "404")?.schemaRef; // "#/components/schemas/ProblemDetails"
 * ```
 */
export function declaredResponse(
  spec: OpenApiDocument,
  operationId: string,
  status: string,
): DeclaredResponse | undefined {
  const { path, method, operation } = findOperation(spec, operationId);
  const responses = operation.responses ?? {};
  let response = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
  if (response?.$ref) response = spec.components.responses?.[local(response.$ref)];
  const [mediaType, media] = Object.entries(response?.content ?? {})[0] ?? [];
  if (!mediaType || !media?.schema?.$ref) return undefined;
  const examples = Object.fromEntries(
    Object.entries(media.examples ?? {}).map(([key, example]) => [
      key,
      (example.$ref ? spec.components.examples?.[local(example.$ref)] : example)?.value,
    ]),
  );
  return { path, method, mediaType, schemaRef: media.schema.$ref, examples };
}

// "/results/0/vm~1id" -> "$.results[0]["vm/id"]"
function jsonPath(pointer: string, property?: string): string {
  const segments = pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (property !== undefined) segments.push(property);
  return segments.reduce(
    (path, segment) =>
      /^\d+$/.test(segment)
        ? `${path}[${segment}]`
        : /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `${path}.${segment}`
          : `${path}[${JSON.stringify(segment)}]`,
    "$",
  );
}

function deviation(error: ErrorObject): Deviation {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty !== undefined) {
    return { path: jsonPath(error.instancePath, params.missingProperty), message: "is required but missing" };
  }
  if (error.keyword === "additionalProperties" && params.additionalProperty !== undefined) {
    return { path: jsonPath(error.instancePath, params.additionalProperty), message: "is not allowed" };
  }
  return { path: jsonPath(error.instancePath), message: error.message ?? error.keyword };
}

/**
 * Validates `body` with `validate` and returns each deviation with its JSON path (none when it is valid).
 *
 * @example
 * ```ts
 * deviations(validators("#/components/schemas/VirtualMachineSnapshotsPage"), { results: [{ name: "a" }] });
 * // [{ path: "$.offset", message: "is required but missing" }, ..., { path: "$.results[0].vmId", ... }]
 * ```
 */
export function deviations(validate: ValidateFunction, body: unknown): Deviation[] {
  if (validate(body)) return [];
  // Alternatives (anyOf) report the same place more than once.
  const unique = new Map(
    (validate.errors ?? []).map(deviation).map((found) => [`${found.path} ${found.message}`, found]),
  );
  return [...unique.values()];
}
