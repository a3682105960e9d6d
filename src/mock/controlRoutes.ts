// The server mode's control routes: the mock's `control` over HTTP, under `/_mock/`, for tests in any language
// (a shell script with curl, a Python suite). They are not the appliance's API and not in its specs; the README
// documents them. JSON in and out: the bodies mirror the arguments of the `control` functions, and a bad body is
// a 400 problem that says what was wrong with it.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { jsonResponse, problemResponse } from "./problemResponse.js";
import type { MockControl, MockFault, MockResetOptions } from "./types.js";

/**
 * The prefix of the control routes. The appliance's own paths all start with `/api/`.
 *
 * @example
 * ```ts
 * await fetch(`${server.url}${controlPrefix}reset`, { method: "POST" });
 * ```
 */
export const controlPrefix = "/_mock/";

/**
 * Whether `pathname` is one of the control routes' (or the bare `/_mock`).
 *
 * @example
 * ```ts
 * isControlPath("/_mock/faults"); // true
 * ```
 */
export function isControlPath(pathname: string): boolean {
  return pathname === "/_mock" || pathname.startsWith(controlPrefix);
}

const ajv = new Ajv2020({ allErrors: false, strict: true });

const resetSchema = {
  type: "object",
  properties: {
    seed: { type: "integer" },
    snapshots: {
      anyOf: [
        { type: "integer", minimum: 0 },
        { type: "array", items: { type: "object" } },
      ],
    },
  },
  additionalProperties: false,
};

const faultSchema = {
  type: "object",
  required: ["operation"],
  properties: {
    operation: { type: "string", minLength: 1 },
    status: { type: "integer", minimum: 400, maximum: 599 },
    kind: { enum: ["reset", "hang"] },
    // Seconds, or an HTTP date (a JSON body has no Date).
    retryAfter: { anyOf: [{ type: "number", minimum: 0 }, { type: "string" }] },
    times: { type: "integer", minimum: 1 },
    probability: { type: "number", minimum: 0, maximum: 1 },
  },
  additionalProperties: false,
};

const advanceSchema = {
  type: "object",
  required: ["ms"],
  properties: { ms: { type: "number", minimum: 0 } },
  additionalProperties: false,
};

// Compiled on first use, so that a server whose control routes no test calls does not pay for them.
const compiled = new Map<object, ValidateFunction>();
const validator = <T>(schema: object) => {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate as ValidateFunction<T>;
};

// What a body must look like, for the problems that refuse one.
const shapes = {
  reset: "{ seed?: integer, snapshots?: integer | MockVm[] }",
  fault:
    '{ operation: string, status?: 400-599, kind?: "reset" | "hang", retryAfter?: seconds | HTTP date, times?: integer, probability?: 0-1 }, with status or kind',
  advance: "{ ms: number >= 0 }",
};

/** A request the routes refuse, answered as a problem with this status. */
class RouteProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const badRequest = (label: string, detail: string) =>
  new RouteProblem(400, "Bad Request", `${label}: ${detail}`);

// Ajv's first finding as a sentence about the body: `status must be <= 599`.
function finding(error: ErrorObject | undefined): string {
  if (!error) return "the body is invalid";
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "the body";
  const extra =
    error.keyword === "additionalProperties"
      ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
      : error.keyword === "enum"
        ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")})`
        : "";
  return `${where} ${error.message ?? "is invalid"}${extra}`;
}

// The body, parsed and checked; `empty` when there is none and none is needed.
async function body<T>(
  request: Request,
  label: string,
  schema: object,
  shape: string,
  empty?: T,
): Promise<T> {
  const text = (await request.text()).trim();
  if (text === "") {
    if (empty !== undefined) return empty;
    throw badRequest(label, `the body is empty: give ${shape}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(label, `the body is not JSON (${(error as Error).message}): give ${shape}`);
  }
  const validate = validator<T>(schema);
  if (!validate(value)) throw badRequest(label, `${finding(validate.errors?.[0])}: give ${shape}`);
  return value;
}

interface Route {
  method: string;
  /** The path, `{id}` standing for one segment. */
  path: string;
  answer(request: Request, label: string, id: string): Promise<Response> | Response;
}

const noContent = () => new Response(null, { status: 204 });

/**
 * The control routes over `control`, as a fetch handler for requests whose path {@link isControlPath}:
 *
 * - `POST /_mock/reset` (body optional: `{ seed?, snapshots? }`): `control.reset()`; 204
 * - `POST /_mock/faults` (a `MockFault`): `control.fault()`; 201 `{ id }`
 * - `DELETE /_mock/faults`: `control.clearFaults()`; 204. `DELETE /_mock/faults/{id}`: removes that one; 204
 * - `POST /_mock/clock/advance` (`{ ms }`): `control.advance()`; 200 `{ now }`. `GET /_mock/clock`: `{ now }`
 * - `GET /_mock/snapshots`: the inventory (an array); `GET /_mock/snapshots/count`: `{ count }`
 * - `GET /_mock/sessions`: the job sessions (an array)
 * - `POST /_mock/tokens/revoke`: `control.revokeTokens()`; 204
 * - `GET /_mock/errors`: the invalid responses caught, `[{ name, message }]`
 *
 * A bad body is a 400 problem that says what was wrong; an unknown path a 404 listing the routes; a known path
 * with another method a 405 with `Allow`.
 *
 * @example
 * ```ts
 * const routes = controlRoutes(appliance.control);
 * const answer = await routes(new Request("http://mock/_mock/clock/advance", { method: "POST", body: '{"ms":2000}' }));
 * ```
 */
export function controlRoutes(control: MockControl): (request: Request) => Promise<Response> {
  // The remover of each fault added over HTTP, by the id it was answered with. Ids are not reused.
  const faults = new Map<string, () => boolean>();
  let lastFaultId = 0;

  const routes: Route[] = [
    {
      method: "POST",
      path: "/_mock/reset",
      async answer(request, label) {
        const options = await body<MockResetOptions>(request, label, resetSchema, shapes.reset, {});
        control.reset(options);
        faults.clear(); // reset removes every fault
        return noContent();
      },
    },
    {
      method: "POST",
      path: "/_mock/faults",
      async answer(request, label) {
        const fault = await body<MockFault>(request, label, faultSchema, shapes.fault);
        if ((fault.status === undefined) === (fault.kind === undefined)) {
          throw badRequest(label, `give either status or kind, not ${fault.kind ? "both" : "neither"}`);
        }
        const remove = control.fault(fault);
        const id = String(++lastFaultId);
        faults.set(id, remove);
        return jsonResponse(201, { id });
      },
    },
    {
      method: "DELETE",
      path: "/_mock/faults",
      answer() {
        control.clearFaults();
        faults.clear();
        return noContent();
      },
    },
    {
      method: "DELETE",
      path: "/_mock/faults/{id}",
      answer(_request, label, id) {
        const remove = faults.get(id);
        faults.delete(id);
        // A fault spent (its times used up) or removed by a reset is no fault now.
        if (!remove?.()) {
          throw new RouteProblem(
            404,
            "Not Found",
            `${label}: no fault ${id}: the ids are those POST /_mock/faults answered (a reset or DELETE /_mock/faults removes them all)`,
          );
        }
        return noContent();
      },
    },
    {
      method: "POST",
      path: "/_mock/clock/advance",
      async answer(request, label) {
        const { ms } = await body<{ ms: number }>(request, label, advanceSchema, shapes.advance);
        control.advance(ms);
        return jsonResponse(200, { now: control.now().toISOString() });
      },
    },
    {
      method: "GET",
      path: "/_mock/clock",
      answer: () => jsonResponse(200, { now: control.now().toISOString() }),
    },
    { method: "GET", path: "/_mock/snapshots", answer: () => jsonResponse(200, control.snapshots()) },
    {
      method: "GET",
      path: "/_mock/snapshots/count",
      answer: () => jsonResponse(200, { count: control.snapshotCount() }),
    },
    { method: "GET", path: "/_mock/sessions", answer: () => jsonResponse(200, control.sessions()) },
    {
      method: "POST",
      path: "/_mock/tokens/revoke",
      answer() {
        control.revokeTokens();
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/_mock/errors",
      answer: () =>
        jsonResponse(
          200,
          control.errors().map((error) => ({ name: error.name, message: error.message })),
        ),
    },
  ];

  const list = routes.map((route) => `${route.method} ${route.path}`).join(", ");

  return async (request) => {
    const { pathname } = new URL(request.url);
    const label = `${request.method} ${pathname}`;
    try {
      const matching = routes
        .map((route) => ({ route, id: match(route.path, pathname) }))
        .filter((found): found is { route: Route; id: string } => found.id !== undefined);
      if (matching.length === 0) {
        throw new RouteProblem(404, "Not Found", `${label}: no such control route; there are ${list}`);
      }
      const found = matching.find(({ route }) => route.method === request.method);
      if (!found) {
        const allow = matching.map(({ route }) => route.method).join(", ");
        throw new RouteProblem(405, "Method Not Allowed", `${label}: use ${allow}`, { allow });
      }
      return await found.route.answer(request, label, found.id);
    } catch (error) {
      if (error instanceof RouteProblem) {
        return problemResponse(error.status, error.title, error.message, error.headers);
      }
      // What `control` itself refuses (a fault or an inventory it cannot take) is the body's fault too.
      if (error instanceof TypeError || error instanceof RangeError) {
        return problemResponse(400, "Bad Request", `${label}: ${error.message}`);
      }
      return problemResponse(500, "Internal Server Error", `${label}: ${(error as Error).message}`);
    }
  };
}

// The `{id}` of `template` in `pathname` ("" when it has none), or undefined when they do not match.
function match(template: string, pathname: string): string | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  const at = template.indexOf("{id}");
  if (at < 0) return path === template ? "" : undefined;
  const prefix = template.slice(0, at);
  if (!path.startsWith(prefix)) return undefined;
  const id = path.slice(prefix.length);
  return id && !id.includes("/") ? id : undefined;
}
