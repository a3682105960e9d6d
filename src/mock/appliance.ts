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

function whole(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `createMockAppliance: ${name} must be a whole number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The seed example's VM in the v8.1 model: the v8.1 spec's example page's, or for a product that serves only v1
 * (no v8.1 spec loaded) the v1 one's, whose disks name their name `name` where v8.1 says `diskName`
 * (versions.md, "Models: what changed from v1"); kept as it was, the v1 view would find no disk names.
 */
function seedVmOf(spec: Spec | undefined, v1: boolean): MockVm {
  const page = spec?.document.components.examples?.VirtualMachineSnapshotsPageSeed?.value as
    | { results?: MockVm[] }
    | undefined;
  const vm = page?.results?.[0];
  if (!vm)
    throw new Error(
      `the ${v1 ? "v1" : "v8.1"} spec has no VirtualMachineSnapshotsPageSeed example to seed the inventory`,
    );
  const seed: MockVm = { ...structuredClone(vm), manual: true };
  if (!v1) return seed;
  const disk = (d: unknown) => {
    const { name, ...rest } = d as { name?: string };
    return name === undefined ? rest : { ...rest, diskName: name };
  };
  return {
    ...seed,
    ...(seed.osDisk ? { osDisk: disk(seed.osDisk) } : {}),
    ...(seed.dataDisks ? { dataDisks: seed.dataDisks.map(disk) } : {}),
  };
}

/** Checks VMs given as the inventory against the v8.1 model; throws a TypeError naming the first bad one. */
function checkVms(vms: readonly MockVm[], spec: Spec | undefined): void {
  if (!spec) return;
  const validate = schemaValidators(spec.document as never)("#/components/schemas/VirtualMachineSnapshot");
  const ids = new Set<string>();
  vms.forEach((vm, i) => {
    if (vm === null || typeof vm !== "object")
      throw new TypeError(`createMockAppliance: snapshots[${i}] is not an object`);
    const { manual, ...snapshot } = vm;
    if (manual !== undefined && typeof manual !== "boolean") {
      throw new TypeError(
        `createMockAppliance: snapshots[${i}].manual must be a boolean, got ${JSON.stringify(manual)}`,
      );
    }
    if (typeof vm.vmId !== "string" || vm.vmId.length === 0) {
      throw new TypeError(
        `createMockAppliance: snapshots[${i}].vmId must be a non-empty string (the mock finds VMs by it)`,
      );
    }
    if (ids.has(vm.vmId))
      throw new TypeError(`createMockAppliance: snapshots[${i}].vmId ${vm.vmId} appears twice`);
    ids.add(vm.vmId);
    if (!validate(snapshot)) {
      const [error] = validate.errors ?? [];
      throw new TypeError(
        `createMockAppliance: snapshots[${i}] is not a v8.1 VirtualMachineSnapshot: ${error?.instancePath || "/"} ${error?.message ?? ""}`,
      );
    }
  });
}

function inventorySource(
  snapshots: MockApplianceOptions["snapshots"],
  seed: number,
  spec: Spec | undefined,
  v1: boolean,
  faker: Faker,
): InventorySource {
  if (Array.isArray(snapshots)) {
    const vms = snapshots as readonly MockVm[];
    checkVms(vms, spec);
    const copies = vms.map((vm) => structuredClone(vm));
    const byId = new Map(copies.map((vm, i) => [vm.vmId as string, i]));
    const byRestorePoint = new Map<string, number>();
    copies.forEach((vm, i) => {
      const href = vm._links?.restorepoint?.href;
      if (href) byRestorePoint.set(href.slice(href.lastIndexOf("/") + 1).toLowerCase(), i);
    });
    return {
      size: copies.length,
      at: (i) => copies[i] as MockVm,
      positionOfVmId: (id) => byId.get(id),
      positionOfRestorePoint: (id) => byRestorePoint.get(id.toLowerCase()),
    };
  }
  const size = whole("snapshots", snapshots, 0, 1);
  const seedVm = seedVmOf(spec, v1);
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

function checkOptions(options: MockApplianceOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError("createMockAppliance: options must be an object");
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
      controller.error(
        Object.assign(new TypeError("mock appliance: connection reset mid-body"), { code: "ECONNRESET" }),
      );
    },
  });
}

async function readBody(request: Request): Promise<{ body?: unknown; error?: string }> {
  const text = await request.text();
  if (text === "") return {};
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    return { error: `the body is not JSON: ${(error as Error).message}` };
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
  const [v1Spec, currentSpec, { faker }] = await Promise.all([
    serves("v1") ? loadSpec(bundledSpecFile("v1")) : undefined,
    current ? loadSpec(bundledSpecFile("v8.1")) : undefined,
    loadFaker(),
  ]);
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

  let seed = whole("seed", options.seed, 0, 1);
  let snapshots = options.snapshots;
  let source = inventorySource(snapshots, seed, currentSpec ?? v1Spec, !currentSpec, faker);
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

    const read = await readBody(request);
    if (read.error) {
      return {
        response: respond(
          { status: 400, problem: `The request is not valid: ${read.error}.`, body: { body: [read.error] } },
          url,
          declared,
        ),
      };
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
      const nextSeed = whole("seed", resetOptions.seed, 0, seed);
      const nextSnapshots = resetOptions.snapshots ?? snapshots;
      source = inventorySource(nextSnapshots, nextSeed, currentSpec ?? v1Spec, !currentSpec, faker);
      seed = nextSeed;
      snapshots = nextSnapshots;
      inventory = new Inventory(source);
      random = seededRandom(seed);
      sessions = new Sessions(() => inventory, jobDurationMs, outcomes, now);
      tokens = new Tokens(users, tokenTtl, now, () => random(), !current);
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
