// The specs as the mock's router and validator (openapi-backend over our bundled JSON): which operation a request
// is, whether the request is valid, whether the mock's own answer is. One backend per spec file, shared by every
// mock of the process (it holds no request state). Our specs are OpenAPI 3.1, which openapi-backend's definition
// check (3.0) rejects, so it runs in quick mode: Redocly lints the specs instead (npm run lint).
import { readFile } from "node:fs/promises";
import type { ErrorObject } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { OpenAPIBackend, Operation } from "openapi-backend";
import { configureSpecAjv } from "../specAjv.js";
import { loadOpenApiBackend } from "./dependencies.js";

/** A bundled spec ready to route and validate with. */
export interface Spec {
  /** The parsed document. */
  document: SpecDocument;
  /** Its router and validator. */
  api: OpenAPIBackend;
}

/** The parts of a bundled spec the mock reads. */
export interface SpecDocument {
  paths: Record<string, Record<string, { operationId?: string }>>;
  components: { examples?: Record<string, { value?: unknown }>; schemas: Record<string, unknown> };
}

const specs = new Map<string, Promise<Spec>>();

async function open(file: string): Promise<Spec> {
  let document: SpecDocument;
  try {
    document = JSON.parse(await readFile(file, "utf8")) as SpecDocument;
  } catch (cause) {
    throw new Error(
      `The mock appliance could not read its spec ${file}: ${(cause as Error).message}. In a clone of the ` +
        "project, `npm run build` (or `npm run bundle`) writes it.",
      { cause },
    );
  }
  const { OpenAPIBackend } = await loadOpenApiBackend();
  const ajvs = new Map<string, Ajv2020>();
  const api = new OpenAPIBackend({
    definition: structuredClone(document) as never,
    quick: true,
    strict: true,
    validate: true,
    // Our settings (formats int32, uuid, ...), shared with `vbazure verify`, on the JSON Schema 2020-12 that
    // OpenAPI 3.1 uses. openapi-backend asks for an Ajv per validator; one per set of options serves them all
    // (its schemas carry no $id), which saves creating and configuring an Ajv for each operation.
    customizeAjv: (_ajv, options) => {
      const key = JSON.stringify(options);
      let ajv = ajvs.get(key);
      if (!ajv) {
        ajv = configureSpecAjv(new Ajv2020({ ...options, allErrors: true, strict: false }));
        ajvs.set(key, ajv);
      }
      return ajv as never;
    },
  });
  await api.init();
  return { document, api };
}

/**
 * The spec in `file`, loaded once per process.
 *
 * @example
 * ```ts
 * const { api } = await loadSpec(bundledSpecFile("v8.1"));
 * ```
 */
export function loadSpec(file: string): Promise<Spec> {
  let spec = specs.get(file);
  if (!spec) {
    spec = open(file);
    specs.set(file, spec);
    spec.catch(() => specs.delete(file));
  }
  return spec;
}

/** A request as openapi-backend reads it. */
export interface BackendRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The operation `request` is, or why there is none: `404` (no such path) or `405` (the path, another method).
 *
 * @example
 * ```ts
 * matchOperation(spec, { method: "GET", path: "/api/v8.1/jobSessions/1", query: {}, headers: {} });
 * ```
 */
export function matchOperation(spec: Spec, request: BackendRequest): Operation | 404 | 405 {
  const operation = spec.api.matchOperation(request);
  if (operation) return operation;
  const other = ["get", "post", "put", "patch", "delete"].some(
    (method) => method !== request.method.toLowerCase() && spec.api.matchOperation({ ...request, method }),
  );
  return other ? 405 : 404;
}

/** Where an Ajv error of openapi-backend's request schema points, as a parameter or body field name. */
function fieldOf(error: ErrorObject): string {
  const [, where = "", ...rest] = error.instancePath.split("/");
  const named =
    error.keyword === "required"
      ? String(error.params.missingProperty)
      : error.keyword === "additionalProperties"
        ? String(error.params.additionalProperty)
        : undefined;
  const path = [...rest, ...(named ? [named] : [])]
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
  if (path) return path;
  return where === "requestBody" ? "body" : where;
}

/**
 * The request's query with its parameters' types (numbers as numbers), and its validation errors by field (`Limit`, `ids[0]`, `password`), each with what was wrong; empty when it
 * is valid. A token request is judged by the grant it names only, not by every grant's schema.
 *
 * @example
 * ```ts
 * checkRequest(spec, operation, request).errors; // { Limit: ["must be >= -1 (got -5)"] }
 * ```
 */
export function checkRequest(
  spec: Spec,
  operation: Operation,
  request: BackendRequest,
): { errors: Record<string, string[]>; query: Record<string, unknown> } {
  const result = spec.api.validateRequest(request, operation);
  const errors: Record<string, string[]> = {};
  let found = result.errors ?? [];
  const grant = (request.body as { grant_type?: unknown } | undefined)?.grant_type;
  if (operation.operationId === "createToken" && found.some((e) => e.schemaPath.includes("/oneOf/"))) {
    const grants = grantsOf(operation);
    const index = grants.indexOf(String(grant));
    found =
      index < 0
        ? []
        : found.filter((e) => e.schemaPath.includes(`/oneOf/${index}/`) && !e.schemaPath.endsWith("/const"));
    if (index < 0) {
      // Not quoted: a form whose fields are mixed up may carry the password there.
      errors.grant_type = [`must be one of ${grants.join(", ")}${grant === undefined ? " (missing)" : ""}`];
    }
  }
  for (const error of found) {
    if (error.keyword === "oneOf" || error.keyword === "anyOf") continue;
    const field = fieldOf(error);
    // Values are quoted from the query only: a body may hold a password or an MFA code.
    const value = error.instancePath.startsWith("/query/")
      ? valueAt(request.query, error.instancePath)
      : undefined;
    const message =
      error.keyword === "required"
        ? "is required"
        : error.keyword === "additionalProperties"
          ? "is not a field of this body"
          : `${error.message ?? "is not valid"}${value === undefined ? "" : ` (got ${JSON.stringify(value)})`}`;
    errors[field] = [...(errors[field] ?? []), message];
  }
  return { errors, query: (result.coerced?.query as Record<string, unknown> | undefined) ?? request.query };
}

/** The grant types a token operation's body schema lists, in its oneOf order. */
function grantsOf(operation: Operation): string[] {
  const body = operation.requestBody as
    | {
        content?: Record<
          string,
          { schema?: { oneOf?: { properties?: { grant_type?: { const?: string } } }[] } }
        >;
      }
    | undefined;
  const schema = Object.values(body?.content ?? {})[0]?.schema;
  return (schema?.oneOf ?? []).map((branch) => branch.properties?.grant_type?.const ?? "?");
}

function valueAt(query: BackendRequest["query"], instancePath: string): unknown {
  const [, , name = ""] = instancePath.split("/");
  return query[name];
}

/**
 * What is wrong with the mock's own answer `body` (status `status`) to `operation`, or undefined when it conforms.
 *
 * @example
 * ```ts
 * responseErrors(spec, "getJobSession", 200, session); // undefined
 * ```
 */
export function responseErrors(
  spec: Spec,
  operation: Operation,
  status: number,
  body: unknown,
): string | undefined {
  const result = spec.api.validateResponse(body, operation, status);
  if (result.valid) return undefined;
  return (result.errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? "is not valid"}`)
    .join("; ");
}
