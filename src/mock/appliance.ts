// The stateful mock appliance, in this process: a `fetch` that answers as an appliance of a product would, with
// an inventory that pages, deletions that start job sessions which finish, tokens that expire and faults on
// demand. Every request is routed and validated by the spec of its version (openapi-backend), and every answer
// is checked against that spec before it is sent.
//
// A request goes through, in order: latency; the version prefix (a version the product does not serve is a 404,
// as on an appliance); the spec's operation (404 or 405 when there is none); an injected fault; the bearer token;
// the request's validation (a 400 whose `errors` name each parameter); the operation; the answer's validation.
import type { Faker } from "@faker-js/faker";
import type { Operation } from "openapi-backend";
import { schemaValidators } from "../cli/specValidator.js";
import type { ApiVersion } from "../core/apiVersion.js";
import { mockClock } from "./clock.js";
import { loadFaker } from "./dependencies.js";
import { checkFault, Faults } from "./faults.js";
import { vmGenerator } from "./generatedVm.js";
import { Inventory, type InventorySource } from "./inventory.js";
import { type Answer, operations } from "./operations.js";
import { problem } from "./problems.js";
import { productOf } from "./products.js";
import { seededRandom } from "./random.js";
import { Sessions } from "./sessions.js";
import { bundledSpecFile } from "./specSource.js";
import {
  type BackendRequest,
  checkRequest,
  loadSpec,
  matchOperation,
  responseErrors,
  type Spec,
} from "./specs.js";
import { Tokens } from "./tokens.js";
import type {
  InProcessMockAppliance,
  MockApplianceOptions,
  MockControl,
  MockResetOptions,
  MockVm,
} from "./types.js";
import { v1Vm } from "./views.js";

/**
 * An answer of the mock that does not match its spec: a bug of the mock, or of the inventory given to it. The
 * mock answers 500 instead, and hands this to `onInvalidResponse` and `control.errors()`.
 *
 * @example
 * ```ts
 * mock.control.errors()[0]?.message; // "listVirtualMachineSnapshots answered 200 ... /results/0/size must be string"
 * ```
 */
export class MockResponseError extends Error {
  /** The operation whose answer was invalid. */
  readonly operationId: string;
  /** The status it would have answered. */
  readonly status: number;

  /** An error for `operationId`'s answer `status`, wrong as `errors` says. */
  constructor(operationId: string, status: number, errors: string) {
    super(`The mock's ${status} answer to ${operationId} does not match the spec: ${errors}`);
    this.name = "MockResponseError";
    this.operationId = operationId;
    this.status = status;
  }
}

const versionPrefix = /^\/api\/(v\d+(?:\.\d+)?)(?=\/|$)/;
const tokenPath = "/api/oauth2/token";

function whole(
  name: string,
  value: unknown,
  min: number,
  fallback: number,
  where = "createMockAppliance",
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    const got = typeof value === "string" ? JSON.stringify(value) : String(value);
    const ErrorClass = typeof value === "number" ? RangeError : TypeError;
    throw new ErrorClass(`${where}: ${name} must be a whole number >= ${min}, got ${got}`);
  }
  return value;
}

const maxSnapshots = 2 ** 31 - 1;

/** A seed: a whole number that fits the generators' 32 bits (larger ones would repeat smaller ones). */
function seedOf(value: unknown, where: string, fallback: number): number {
  const seed = whole("seed", value, 0, fallback, where);
  if (seed > 0xffff_ffff)
    throw new RangeError(`${where}: seed must be at most ${0xffff_ffff} (2^32 - 1), got ${seed}`);
  return seed;
}

/** The seed example's VM, taken from the v8.1 spec's example page (the v1 seed page's VM in the v8.1 model). */
function seedVmOf(spec: Spec | undefined): MockVm {
  const page = spec?.document.components.examples?.VirtualMachineSnapshotsPageSeed?.value as
    | { results?: MockVm[] }
    | undefined;
  const vm = page?.results?.[0];
  if (!vm)
    throw new Error("the v8.1 spec has no VirtualMachineSnapshotsPageSeed example to seed the inventory");
  return { ...structuredClone(vm), manual: true };
}

/**
 * Checks VMs given as the inventory against the v8.1 model, and, when the mock serves v1, their v1 view against
 * v1's (which requires what v8.1 leaves nullable: a name, disk ids); throws a TypeError naming the first bad one.
 */
function checkVms(vms: readonly MockVm[], spec: Spec, v1Spec: Spec | undefined, where: string): void {
  const schema = "#/components/schemas/VirtualMachineSnapshot";
  const validate = schemaValidators(spec.document as never)(schema);
  const validateV1 = v1Spec && schemaValidators(v1Spec.document as never)(schema);
  const ids = new Set<string>();
  vms.forEach((vm, i) => {
    if (vm === null || typeof vm !== "object")
      throw new TypeError(`${where}: snapshots[${i}] is not an object`);
    const { manual, ...snapshot } = vm;
    if (manual !== undefined && typeof manual !== "boolean") {
      throw new TypeError(
        `${where}: snapshots[${i}].manual must be a boolean, got ${JSON.stringify(manual)}`,
      );
    }
    if (typeof vm.vmId !== "string" || vm.vmId.length === 0) {
      throw new TypeError(
        `${where}: snapshots[${i}].vmId must be a non-empty string (the mock finds VMs by it)`,
      );
    }
    if (ids.has(vm.vmId)) throw new TypeError(`${where}: snapshots[${i}].vmId ${vm.vmId} appears twice`);
    ids.add(vm.vmId);
    for (const [check, model, view] of [
      [validate, "a v8.1 VirtualMachineSnapshot", snapshot],
      [validateV1, "valid in v1 too (the mock serves v1)", validateV1 ? v1Vm(vm) : undefined],
    ] as const) {
      if (!check || check(view)) continue;
      const [error] = check.errors ?? [];
      throw new TypeError(
        `${where}: snapshots[${i}] is not ${model}: ${error?.instancePath || "/"} ${error?.message ?? ""}`,
      );
    }
  });
}

function inventorySource(
  snapshots: MockApplianceOptions["snapshots"],
  seed: number,
  spec: Spec,
  faker: Faker,
  where: string,
  v1Spec: Spec | undefined,
): InventorySource {
  if (Array.isArray(snapshots)) {
    const vms = snapshots as readonly MockVm[];
    checkVms(vms, spec, v1Spec, where);
    const copies = vms.map((vm) => structuredClone(vm));
    const byId = new Map(copies.map((vm, i) => [vm.vmId as string, i]));
    const byRestorePoint = new Map<string, number>();
    copies.forEach((vm, i) => {
      const href = vm._links?.restorepoint?.href;
      if (href) byRestorePoint.set(href.slice(href.lastIndexOf("/") + 1).toLowerCase(), i);
    });
    return {
      size: copies.length,
      // A copy each time: what a test reads (control.snapshots()) must not change the mock's own.
      at: (i) => structuredClone(copies[i] as MockVm),
      positionOfVmId: (id) => byId.get(id),
      positionOfRestorePoint: (id) => byRestorePoint.get(id.toLowerCase()),
    };
  }
  const size = whole("snapshots", snapshots, 0, 1, where);
  // totalCount is an int32 in the spec; past it an answer could not say how many there are.
  if (size > maxSnapshots) {
    throw new RangeError(`${where}: snapshots must be at most ${maxSnapshots} (2^31 - 1), got ${size}`);
  }
  const seedVm = seedVmOf(spec);
  const generator = vmGenerator(faker, seed);
  const generated = (index: number | undefined) =>
    index !== undefined && index >= 1 && index < size ? index : undefined;
  return {
    size,
    at: (i) => (i === 0 ? structuredClone(seedVm) : generator.vm(i)),
    positionOfVmId(id) {
      if (size > 0 && id === seedVm.vmId) return 0;
      const index = generated(generator.indexOfVmId(id));
      return index !== undefined && generator.vm(index).vmId === id ? index : undefined;
    },
    positionOfRestorePoint(id) {
      const seedPoint = seedVm._links?.restorepoint?.href?.split("/").pop();
      if (size > 0 && seedPoint?.toLowerCase() === id.toLowerCase()) return 0;
      const index = generated(generator.indexOfRestorePoint(id));
      return index !== undefined &&
        generator.vm(index)._links?.restorepoint?.href?.toLowerCase().endsWith(id.toLowerCase())
        ? index
        : undefined;
    },
  };
}

/** The options createMockAppliance knows: any other is a typo that would otherwise be ignored. */
const knownOptions: ReadonlySet<string> = new Set<keyof MockApplianceOptions>([
  "product",
  "snapshots",
  "seed",
  "outcomes",
  "users",
  "tokenTtlSeconds",
  "jobDurationMs",
  "pageCap",
  "latencyMs",
  "jitterMs",
  "clock",
  "onInvalidResponse",
]);

function checkOptions(options: MockApplianceOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError("createMockAppliance: options must be an object");
  }
  const unknown = Object.keys(options).filter((key) => !knownOptions.has(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `createMockAppliance: no option ${unknown.map((key) => JSON.stringify(key)).join(", ")}; the options are ${[...knownOptions].join(", ")}`,
    );
  }
  if (options.clock !== undefined && options.clock !== "real" && options.clock !== "manual") {
    throw new RangeError(
      `createMockAppliance: clock must be "real" or "manual", got ${JSON.stringify(options.clock)}`,
    );
  }
  if (options.users !== undefined && !Array.isArray(options.users)) {
    throw new TypeError("createMockAppliance: users must be an array of { username, password, mfaCode? }");
  }
  (options.users ?? []).forEach((user, i) => {
    if (
      typeof user?.username !== "string" ||
      user.username === "" ||
      typeof user.password !== "string" ||
      user.password === ""
    ) {
      throw new TypeError(`createMockAppliance: users[${i}] needs a non-empty username and password`);
    }
    if (user.mfaCode !== undefined && !/^\d{6}$/.test(user.mfaCode)) {
      throw new TypeError(`createMockAppliance: users[${i}].mfaCode must be six digits`);
    }
  });
  if (
    options.outcomes !== undefined &&
    (options.outcomes === null || typeof options.outcomes !== "object" || Array.isArray(options.outcomes))
  ) {
    throw new TypeError(
      'createMockAppliance: outcomes must be an object by vmId, such as { "<vmId>": "Error" }, got ' +
        (Array.isArray(options.outcomes) ? "an array" : JSON.stringify(options.outcomes)),
    );
  }
  for (const [vmId, outcome] of Object.entries(options.outcomes ?? {})) {
    if (outcome !== "Error" && outcome !== "Warning") {
      throw new RangeError(
        `createMockAppliance: outcomes[${vmId}] must be "Error" or "Warning", got ${JSON.stringify(outcome)}`,
      );
    }
  }
  if (options.onInvalidResponse !== undefined && typeof options.onInvalidResponse !== "function") {
    throw new TypeError("createMockAppliance: onInvalidResponse must be a function");
  }
}

/** Waits `ms` real milliseconds, or until `signal` aborts (then rejects with its reason). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error of a connection the mock's `reset` fault broke, as `fetch` would meet it (code `ECONNRESET`). */
const connectionReset = (when: string) =>
  Object.assign(new TypeError(`mock appliance: connection reset ${when}`), { code: "ECONNRESET" });

/** A body that sends its first half, then fails as a connection reset would. */
function resetMidBody(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
        return;
      }
      controller.error(connectionReset("mid-body"));
    },
  });
}

/** A request body as the operation takes it, or why it cannot be read: a 400 (not JSON) or 415 (another type). */
type ReadBody = { body?: unknown } | { status: 400 | 415; error: string };

/**
 * Reads `request`'s body by the media types `operation` declares. Never quotes the body in an error: a token
 * request carries a password or an MFA code (JSON.parse's own messages quote the text around the fault).
 */
async function readBody(request: Request, operation: Operation): Promise<ReadBody> {
  const text = await request.text();
  if (text === "") return {};
  const declared = Object.keys((operation.requestBody as { content?: object } | undefined)?.content ?? {});
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!declared.includes(type)) {
    const accepted = declared.length ? `it takes ${declared.join(" or ")}` : "it takes no body";
    return { status: 415, error: `the body is ${type || "of no declared type"}, but ${accepted}` };
  }
  if (type === "application/x-www-form-urlencoded") {
    return { body: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return {
      status: 400,
      error: `the body is not valid JSON${position ? ` (at position ${position})` : ""}`,
    };
  }
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/**
 * Creates a mock appliance in this process. Give its `fetch` to the client (any origin); drive it with
 * `control`. Needs the optional peer dependencies openapi-backend and @faker-js/faker.
 *
 * @example
 * ```ts
 * import { createMockAppliance } from "veeam-azure-client/mock";
 * const mock = await createMockAppliance({ product: "8.1", snapshots: 500, clock: "manual" });
 * const client = createClient({
 *   baseUrl: "https://appliance.test",
 *   fetch: mock.fetch,
 *   credentials: { username: "backupadmin", password: "any" },
 * });
 * const session = await client.deleteVirtualMachineSnapshots(vmId);
 * mock.control.advance(2_000); // the session has ended
 * ```
 */
export async function createMockAppliance(
  options: MockApplianceOptions = {},
): Promise<InProcessMockAppliance> {
  checkOptions(options);
  const product = productOf(options.product);
  const serves = (version: ApiVersion) => product.apiVersions.includes(version);
  const current = product.apiVersions.some((v) => v !== "v1");
  // The v8.1 spec is loaded even for a v1-only product: the inventory is kept in its model (and checked by it).
  const [v1Spec, modelSpec, { faker }] = await Promise.all([
    serves("v1") ? loadSpec(bundledSpecFile("v1")) : undefined,
    loadSpec(bundledSpecFile("v8.1")),
    loadFaker(),
  ]);
  const currentSpec = current ? modelSpec : undefined;
  const users = options.users ?? [];
  if (!current && users.some((user) => user.mfaCode !== undefined)) {
    throw new TypeError(
      `createMockAppliance: product ${options.product} (API v1) has no multi-factor login; remove mfaCode`,
    );
  }
  const tokenTtl = whole("tokenTtlSeconds", options.tokenTtlSeconds, 1, 3600);
  const jobDurationMs = whole("jobDurationMs", options.jobDurationMs, 0, 2000);
  const pageCap = whole("pageCap", options.pageCap, 1, 1000);
  const latencyMs = whole("latencyMs", options.latencyMs, 0, 0);
  const jitterMs = whole("jitterMs", options.jitterMs, 0, 0);
  const outcomes = { ...options.outcomes };
  const clock = mockClock(options.clock ?? "real");
  const now = () => clock.now();
  // The spec that routes and validates an unversioned request (the token): the newest the product serves.
  const tokenSpec = (currentSpec ?? v1Spec) as Spec;
  const operationIds = [
    ...new Set(
      [v1Spec, currentSpec].flatMap((spec) =>
        spec
          ? Object.values(spec.document.paths).flatMap((item) =>
              Object.values(item).map((op) => op.operationId ?? ""),
            )
          : [],
      ),
    ),
  ];

  const initialSeed = seedOf(options.seed, "createMockAppliance", 1);
  let source = inventorySource(
    options.snapshots,
    initialSeed,
    modelSpec,
    faker,
    "createMockAppliance",
    v1Spec,
  );
  let seed = initialSeed;
  let inventory = new Inventory(source);
  let random = seededRandom(seed);
  let sessions = new Sessions(() => inventory, jobDurationMs, outcomes, now);
  let tokens = new Tokens(users, tokenTtl, now, () => random(), !current);
  let faults = new Faults(() => random());
  let errors: Error[] = [];
  let traces = 0;

  const traceId = () =>
    `0HN${Math.floor(random() * 36 ** 8)
      .toString(36)
      .toUpperCase()
      .padStart(8, "0")}:${(++traces).toString(16).toUpperCase().padStart(8, "0")}`;

  /** The operation whose declared responses an answer must match. */
  interface Declared {
    spec: Spec;
    operation: Operation;
  }

  function bodyOf(answer: Answer, url: URL, tokenEndpoint: boolean): unknown {
    return answer.problem === undefined
      ? answer.body
      : problem(answer.status, {
          detail: answer.problem,
          instance: url.pathname,
          traceId: traceId(),
          ...(answer.body ? { errors: answer.body as Record<string, string[]> } : {}),
          tokenEndpoint,
        });
  }

  /**
   * The Response of `answer`, checked against what `declared` declares for its status first: a mismatch is a bug
   * of the mock (or of the inventory given to it), answered 500 and recorded for the test to see.
   */
  function respond(answer: Answer, url: URL, declared?: Declared): Response {
    if (answer.status === 204) return new Response(null, { status: 204, headers: answer.headers ?? {} });
    const tokenEndpoint = declared?.operation.operationId === "createToken";
    let status = answer.status;
    let body = bodyOf(answer, url, tokenEndpoint);
    let isProblem = answer.problem !== undefined;
    const wrong = declared && responseErrors(declared.spec, declared.operation, status, body);
    if (wrong) {
      const error = new MockResponseError(declared.operation.operationId ?? "", status, wrong);
      errors.push(error);
      options.onInvalidResponse?.(error);
      status = 500;
      isProblem = true;
      body = bodyOf({ status, problem: error.message }, url, tokenEndpoint);
    }
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        "content-type": isProblem ? "application/problem+json" : "application/json; charset=utf-8",
        ...(wrong ? {} : answer.headers),
      },
    });
  }

  async function answerOf(request: Request): Promise<{ response: Response; hit?: "reset" | "hang" }> {
    const url = new URL(request.url);
    const match = versionPrefix.exec(url.pathname);
    const requested = match?.[1];
    let spec: Spec;
    let path = url.pathname;
    let version = "v8.1";
    if (url.pathname === tokenPath) {
      spec = tokenSpec;
      version = currentSpec ? "v8.1" : "v1";
    } else if (requested !== undefined && serves(requested as ApiVersion)) {
      version = requested;
      spec = (requested === "v1" ? v1Spec : currentSpec) as Spec;
      if (requested !== "v1") path = url.pathname.replace(versionPrefix, "/api/v8.1");
    } else {
      const detail =
        requested === undefined
          ? `${url.pathname} is not an API path of this appliance; they start with /api/<version>/ (${product.apiVersions.join(", ")}).`
          : `This appliance does not serve API ${requested}; it serves ${product.apiVersions.join(", ")}.`;
      return { response: respond({ status: 404, problem: detail }, url) };
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const backendRequest: BackendRequest = { method: request.method, path, query: queryOf(url), headers };
    const operation = matchOperation(spec, backendRequest);
    if (operation === 404 || operation === 405) {
      const detail =
        operation === 404
          ? `No operation of API ${version} has the path ${url.pathname}.`
          : `${url.pathname} does not accept ${request.method}.`;
      return { response: respond({ status: operation, problem: detail }, url) };
    }
    // An appliance ignores query parameters it does not know (the v8.1 spec says so of v1's lower-case offset
    // and limit): only the operation's own are read and validated.
    const known = new Set(
      ((operation.parameters ?? []) as { in?: string; name?: string }[])
        .filter((parameter) => parameter.in === "query")
        .map((parameter) => parameter.name),
    );
    backendRequest.query = Object.fromEntries(
      Object.entries(backendRequest.query).filter(([name]) => known.has(name)),
    );
    const operationId = operation.operationId ?? "";
    const tokenEndpoint = operationId === "createToken";
    const declared: Declared = { spec, operation };
    const hit = faults.hit(operationId);
    if (hit && "status" in hit) {
      const answer: Answer = {
        status: hit.status,
        problem: `Fault injected by the mock for ${operationId}.`,
        ...(hit.retryAfter === undefined ? {} : { headers: { "retry-after": hit.retryAfter } }),
      };
      return { response: respond(answer, url, declared) };
    }
    const connectionFault = hit && "kind" in hit ? hit.kind : undefined;

    if (!tokenEndpoint) {
      const authorization = request.headers.get("authorization") ?? "";
      const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? "";
      if (!tokens.accepts(bearer)) {
        const detail = bearer
          ? "The access token is invalid, expired or revoked: log in again."
          : "The request has no Authorization: Bearer <access token> header.";
        return {
          response: respond({ status: 401, problem: detail }, url, declared),
          ...(connectionFault ? { hit: connectionFault } : {}),
        };
      }
    }

    const read = await readBody(request, operation);
    if ("error" in read) {
      const answer: Answer =
        read.status === 400
          ? { status: 400, problem: `The request is not valid: ${read.error}.`, body: { body: [read.error] } }
          : { status: 415, problem: `The request's body cannot be read: ${read.error}.` };
      return { response: respond(answer, url, declared) };
    }
    const checkedRequest = checkRequest(spec, operation, {
      ...backendRequest,
      ...(read.body === undefined ? {} : { body: read.body }),
    });
    const invalid = checkedRequest.errors;
    if (Object.keys(invalid).length > 0) {
      const summary = Object.entries(invalid)
        .map(([field, messages]) => `${field} ${messages.join(", ")}`)
        .join("; ");
      return {
        response: respond(
          { status: 400, problem: `The request is not valid: ${summary}.`, body: invalid },
          url,
          declared,
        ),
        ...(connectionFault ? { hit: connectionFault } : {}),
      };
    }

    let answer: Answer;
    if (tokenEndpoint) {
      const outcome = tokens.login(read.body as Record<string, string>);
      answer =
        "body" in outcome ? { status: 200, body: outcome.body } : { status: 401, problem: outcome.refused };
    } else {
      const params = (spec.api.router.parseRequest(backendRequest, operation).params ?? {}) as Record<
        string,
        string
      >;
      const implementation = operations[operationId];
      if (!implementation) {
        answer = { status: 501, problem: `The mock does not implement ${operationId}.` };
      } else {
        sessions.settle();
        answer = implementation({
          version,
          origin: url.origin,
          url,
          params,
          query: checkedRequest.query,
          body: read.body,
          now: now(),
          inventory,
          sessions,
          pageCap,
          serverVersion: product.serverVersion,
        });
      }
    }
    return { response: respond(answer, url, declared), ...(connectionFault ? { hit: connectionFault } : {}) };
  }

  async function handle(request: Request): Promise<Response> {
    await delay(latencyMs + (jitterMs > 0 ? Math.floor(Math.random() * (jitterMs + 1)) : 0), request.signal);
    const { response, hit } = await answerOf(request);
    if (hit === "hang") {
      await new Promise<never>((_, reject) => {
        if (request.signal.aborted) reject(request.signal.reason);
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      });
    }
    if (hit === "reset") {
      // An answer without a body (204) has no middle to break: the connection breaks before the answer.
      if (response.body === null) throw connectionReset("before the answer");
      return new Response(resetMidBody(await response.text()), {
        status: response.status,
        headers: response.headers,
      });
    }
    return response;
  }

  const control: MockControl = {
    advance: (ms) => clock.advance(ms),
    now: () => new Date(now()),
    fault(fault) {
      checkFault(fault, operationIds);
      return faults.add(fault);
    },
    clearFaults: () => faults.clear(),
    snapshots() {
      sessions.settle();
      return inventory.page(0, inventory.count).map((vm) => ({ ...vm, manual: vm.manual === true }));
    },
    snapshotCount() {
      sessions.settle();
      return inventory.count;
    },
    sessions: () => sessions.list(),
    revokeTokens: () => tokens.revoke(),
    errors: () => [...errors],
    reset(resetOptions: MockResetOptions = {}) {
      // Checked before anything changes, so that a bad reset leaves the mock as it was.
      // Each reset starts from the options the mock was created with, but for what this one is given.
      const nextSeed = seedOf(resetOptions.seed, "control.reset", initialSeed);
      const nextSnapshots = resetOptions.snapshots ?? options.snapshots;
      source = inventorySource(nextSnapshots, nextSeed, modelSpec, faker, "control.reset", v1Spec);
      seed = nextSeed;
      inventory = new Inventory(source);
      random = seededRandom(seed);
      sessions = new Sessions(() => inventory, jobDurationMs, outcomes, now);
      tokens = new Tokens(users, tokenTtl, now, () => random(), !current);
      faults.clear(); // a remover of an old fault now says it was not armed
      faults = new Faults(() => random());
      errors = [];
      traces = 0;
      clock.reset();
    },
  };

  return {
    apiVersions: product.apiVersions,
    serverVersion: product.serverVersion,
    handle,
    fetch: (input, init) =>
      handle(input instanceof Request && init === undefined ? input : new Request(input, init)),
    control,
  };
}
