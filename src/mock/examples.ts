// The static mock: Prism serving the specs' examples, for checking that they are served and conform (`vbazure
// mock --examples`). The stateful mock appliance (appliance.ts, server.ts) is what tests and `npm start` use.
// Node only, and loaded only through the `veeam-azure-client/mock` entry, so the client entry never pulls in
// child_process. Prism is an optional peer dependency: only this needs it.
//
// Each API version has a spec of its own, and Prism serves one spec per process, so there is one Prism per spec,
// each on a free loopback port of its own. A small front server on the given port routes each request to the
// Prism of the spec whose paths start with its version prefix (`/api/v1/`, `/api/v8.1/`), as one appliance
// answers every version it supports; `/api/oauth2/token`, in every spec, goes to the newest.
//
// Prism answers every list request with the same example page, whatever its offset; a client that pages
// correctly (a short page does not end a listing, only an empty one does) would take that for an appliance that
// ignores offset. So the front server also serves a list page as a window of the example's results at the
// requested offset and limit: the example is the whole inventory, and the page after it is empty.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:net";
import { checkedPort, httpOrigin } from "./address.js";
import { PortInUseError } from "./portInUseError.js";
import { bundledSpecFile } from "./specSource.js";

/** Options of {@link startExamplesMock}. */
export interface ExamplesMockOptions {
  /**
   * TCP port to listen on; `0` picks a free one.
   * @default 4010
   */
  port?: number;
  /**
   * Interface to bind. Keep the default: the mock accepts any bearer token and is meant for this machine only.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * Path of the bundled OpenAPI document to serve (JSON, or YAML with the `yaml` package installed), or of
   * several, one per API version. Each is served by a Prism of its own; a request goes to the spec whose paths
   * start with its version prefix (`/api/v1/`, `/api/v8.1/`). Two specs may not describe the same version.
   * @default every spec bundled with this package: {@link bundledSpecPaths} (v1 and v8.1)
   * @example
   * ```ts
   * await startExamplesMock({ spec: [bundledSpecPaths.v1, "my-v8.1.yaml"] });
   * ```
   */
  spec?: string | readonly string[];
  /**
   * How long to wait for Prism to start listening before giving up (each Prism, started side by side).
   * @default 60_000
   */
  startupTimeoutMs?: number;
  /**
   * Receives each line Prism logs (requests, validation findings), for example to print them. With several
   * specs the lines of their Prisms arrive interleaved, as printed; the paths in them tell them apart.
   */
  onLog?: (line: string) => void;
}

/** A running static mock (Prism). Stop it with {@link ExamplesMock.close} (or `await using`). */
export interface ExamplesMock extends AsyncDisposable {
  /** Origin to use as `baseUrl`, such as `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Process id of the Prism process of the first spec: `pids[0]`, kept for a mock of one spec. */
  readonly pid: number;
  /** Process ids of the Prism processes, one per spec, in the order the specs were given. */
  readonly pids: readonly number[];
  /**
   * Stops every Prism it started and waits for their processes to exit. Safe to call more than once.
   * @example
   * ```ts
   * const mock = await startExamplesMock();
   * try { ... } finally { await mock.close(); }
   * ```
   */
  close(): Promise<void>;
}

// dist/openapi/ from dist/mock/examples.js in the package, and from src/mock/examples.ts in development (the
// bundles `npm run build` writes): two levels up, then dist/, is the same folder from both.
/**
 * The specs bundled with this package, by API version (`dist/openapi/<version>.json`, beside `dist/mock/`;
 * from `src/` in development): what {@link startExamplesMock} serves by default.
 */
export const bundledSpecPaths: Readonly<{ v1: string; "v8.1": string }> = Object.freeze({
  v1: bundledSpecFile("v1"),
  "v8.1": bundledSpecFile("v8.1"),
});

/**
 * The v1 spec bundled with this package (`dist/openapi/v1.json`).
 * @deprecated Use {@link bundledSpecPaths}: the package bundles a spec per API version.
 */
export const bundledSpecPath: string = bundledSpecPaths.v1;

/**
 * Versions an appliance answers with the operations of a newer one under their own prefix: product 8.1 serves
 * the v8.1 operations as `/api/v6/`, `/api/v7/` and `/api/v8/` too. The mock does the same (rewriting the prefix
 * to the served version's for Prism) so that clients of those versions can be tried, when it serves that spec
 * and no spec of the older version itself.
 */
const servedAs: Readonly<Record<string, string>> = { v6: "v8.1", v7: "v8.1", v8: "v8.1" };

/**
 * Starts the static mock (what `vbazure mock --examples` serves): Prism serving the specs' examples on loopback,
 * every API version on one port, with no state (a deletion removes nothing). It enforces the bearer-token requirement (any token is accepted) and validates parameters, answering 400 or 401
 * like an appliance would.
 *
 * Requests are routed by their version prefix: `/api/v1/...` to the v1 spec, `/api/v8.1/...` to the v8.1 spec,
 * and, as product 8.1 does, `/api/v6/`, `/api/v7/` and `/api/v8/` to the v8.1 operations as well. A prefix no
 * spec serves (`/api/v5/...`) is answered 404 with an `application/problem+json` body, like an appliance that
 * does not serve that version; any other path (`/api/oauth2/token`) goes to the spec of the newest version.
 *
 * @example
 * ```ts
 * import { startExamplesMock } from "veeam-azure-client/mock";
 * await using mock = await startExamplesMock({ port: 0 });
 * const res = await fetch(`${mock.url}/api/v8.1/restorePoints/virtualMachines/snapshots`, {
 *   headers: { Authorization: "Bearer x" },
 * });
 * ```
 */
export async function startExamplesMock(options: ExamplesMockOptions = {}): Promise<ExamplesMock> {
  const host = options.host ?? "127.0.0.1";
  const requested = checkedPort(options.port ?? 4010);
  const specs: readonly string[] =
    typeof options.spec === "string" ? [options.spec] : (options.spec ?? Object.values(bundledSpecPaths));
  if (specs.length === 0) throw new RangeError("spec must name at least one bundled spec");
  const prism = prismCli();
  const ports = await freePorts(host, specs.length);
  const started: Prism[] = [];
  // Every Prism started so far is stopped on any failure below, so a failed start leaves no process behind.
  const stopAll = () => Promise.all(started.map((p) => stop(p.child, p.exited))).then(() => undefined);
  let routes: Routes;
  let front: ReturnType<typeof createHttpServer>;
  try {
    for (const [i, spec] of specs.entries())
      started.push(startPrism(prism, host, ports[i] as number, spec, options));
    // Side by side: a Prism takes seconds to start. The first to fail decides the error (Promise.all also
    // handles the rejections of the others, which fail once they are stopped).
    await Promise.all(started.map((p) => p.ready));
    // Read after Prism started, so that a spec that cannot be read is reported as Prism reports it.
    routes = await readRoutes(specs, ports);
    front = createHttpServer((req, res) => forward(req, res, host, routes));
    await new Promise<void>((resolve, reject) => {
      front.once("error", reject);
      front.listen(requested, host, resolve);
    });
  } catch (error) {
    await stopAll();
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new PortInUseError(requested, host, { cause: error });
  }
  const address = front.address();
  const port = typeof address === "object" && address ? address.port : requested;
  const url = httpOrigin(host, port);
  const pids = Object.freeze(started.map((p) => p.pid));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= Promise.all([
      new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      }),
      stopAll(),
    ]).then(() => undefined);
    return closing;
  };
  return { url, port, pid: pids[0] as number, pids, close, [Symbol.asyncDispose]: close };
}

interface Prism {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
  /** Settles once Prism listens, or fails to. */
  ready: Promise<void>;
}

function startPrism(
  prism: string,
  host: string,
  port: number,
  spec: string,
  options: ExamplesMockOptions,
): Prism {
  const child = spawn(process.execPath, [prism, "mock", "--host", host, "--port", String(port), spec], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) {
    // No process, so no "exit" to wait for; the "error" that follows is this one.
    child.once("error", () => {});
    throw new Error(`could not start Prism (${process.execPath} ${prism})`);
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = listening(child, options.startupTimeoutMs ?? 60_000, options.onLog);
  // Handled here too: if a later Prism cannot even be spawned, this one is stopped before anyone awaits it.
  ready.catch(() => {});
  return { child, pid, exited, ready };
}

// Where the front server sends a request: the Prism of a version prefix, and the prefix Prism knows it by.
interface Route {
  port: number;
  version: string;
}

interface Routes {
  /** By the version in the request's prefix (`v1`, `v8.1`, and the older ones served as v8.1). */
  byVersion: ReadonlyMap<string, Route>;
  /** Paths with no version prefix, such as `/api/oauth2/token`: the newest version's Prism. */
  unversioned: Route;
  /** What the appliance serves, for the 404 of another version. */
  served: string;
}

const versionPrefix = /^\/api\/(v\d+(?:\.\d+)*)(?=\/|$)/;

// Compares `v8.1` and `v1` by their numbers.
function compareVersions(a: string, b: string): number {
  const as = a.slice(1).split(".").map(Number);
  const bs = b.slice(1).split(".").map(Number);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = (as[i] ?? 0) - (bs[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function readRoutes(specs: readonly string[], ports: readonly number[]): Promise<Routes> {
  const byVersion = new Map<string, Route>();
  const specOf = new Map<string, string>();
  for (const [i, spec] of specs.entries()) {
    const versions = new Set<string>();
    for (const path of await pathKeys(spec, await readFile(spec, "utf8"))) {
      const version = versionPrefix.exec(path)?.[1];
      if (version) versions.add(version);
    }
    if (versions.size === 0) {
      throw new Error(
        `${spec} has no paths under /api/v<version>/: the mock appliance routes each request by that prefix`,
      );
    }
    for (const version of versions) {
      const other = specOf.get(version);
      if (other !== undefined) {
        throw new Error(`${other} and ${spec} both describe /api/${version}/: give one spec per API version`);
      }
      specOf.set(version, spec);
      byVersion.set(version, { port: ports[i] as number, version });
    }
  }
  const versions = [...byVersion.keys()].sort(compareVersions);
  const newest = byVersion.get(versions.at(-1) as string) as Route;
  const aliases: string[] = [];
  for (const [alias, version] of Object.entries(servedAs)) {
    const route = byVersion.get(version);
    if (route && !byVersion.has(alias)) {
      byVersion.set(alias, route);
      aliases.push(alias);
    }
  }
  const also = aliases.length ? ` (and ${aliases.join(", ")} with the v8.1 operations)` : "";
  return { byVersion, unversioned: newest, served: `${versions.join(", ")}${also}` };
}

// The keys of the document's `paths`, from JSON or YAML. YAML is read by the `yaml` package, an optional peer
// dependency like Prism: the bundled specs the mock serves by default are JSON, so only a YAML spec of one's own
// needs it.
async function pathKeys(spec: string, text: string): Promise<string[]> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = (await yamlParser(spec))(text);
  }
  const paths = (document as { paths?: unknown } | null)?.paths;
  return paths && typeof paths === "object" ? Object.keys(paths) : [];
}

async function yamlParser(spec: string): Promise<(text: string) => unknown> {
  try {
    return (await import("yaml")).parse;
  } catch (cause) {
    throw Object.assign(
      new Error(
        `${spec} is YAML, which the mock appliance reads with the yaml package: install it with \`npm install --save-dev yaml\`, or give the spec as JSON`,
        { cause },
      ),
      { code: "ERR_YAML_NOT_FOUND" },
    );
  }
}

// How a list operation pages, for serving its pages as windows of the example page.
interface ListWindow {
  /** Names of its query parameters, which are case-sensitive on the appliance. */
  offset: string;
  limit: string;
  /** The limit when none is given. */
  defaultLimit: number;
  /** Whether its page reports `totalCount`: the example's full results length (the whole inventory). */
  totalCount: boolean;
}

// The list operations whose pages are served as windows of Prism's example page, by the path Prism serves.
const listWindows = new Map<string, ListWindow>([
  [
    "/api/v1/virtualMachineSnapshots",
    { offset: "offset", limit: "limit", defaultLimit: 30, totalCount: false },
  ],
  [
    "/api/v8.1/restorePoints/virtualMachines/snapshots",
    { offset: "Offset", limit: "Limit", defaultLimit: 100, totalCount: true },
  ],
]);

function forward(req: IncomingMessage, res: ServerResponse, host: string, routes: Routes): void {
  const requested = new URL(req.url ?? "/", "http://mock");
  const version = versionPrefix.exec(requested.pathname)?.[1];
  const route = version === undefined ? routes.unversioned : routes.byVersion.get(version);
  if (!route) {
    notServed(req, res, version as string, routes.served);
    return;
  }
  const target = new URL(`${requested.pathname}${requested.search}`, httpOrigin(host, route.port));
  if (version !== undefined && version !== route.version) {
    target.pathname = `/api/${route.version}${requested.pathname.slice(`/api/${version}`.length)}`;
  }
  const window = req.method === "GET" ? listWindows.get(target.pathname) : undefined;
  const upstream = request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      if (!window || answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("error", (error) => fail(res, error));
      answer.on("end", () => {
        let body: string;
        try {
          body = pageWindow(Buffer.concat(chunks).toString("utf8"), target.searchParams, window);
        } catch (error) {
          fail(res, error); // a spec whose list example is no page: an answer, not a crash of the host process
          return;
        }
        const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(body)) };
        delete headers["transfer-encoding"];
        res.writeHead(200, headers).end(body);
      });
    },
  );
  upstream.on("error", (error) => fail(res, error));
  req.pipe(upstream);
}

// An appliance that does not serve a version answers its paths 404; so does the mock, rather than passing them
// to a Prism whose spec has no such path.
function notServed(req: IncomingMessage, res: ServerResponse, version: string, served: string): void {
  req.resume(); // drain any body, so the connection stays usable
  const body = JSON.stringify({
    type: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    title: "Not Found",
    status: 404,
    detail: `API version ${version} is not served here: this mock appliance serves ${served}.`,
  });
  res
    .writeHead(404, {
      "content-type": "application/problem+json",
      "content-length": String(Buffer.byteLength(body)),
    })
    .end(body);
}

function fail(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
  res.end(
    `the mock appliance could not answer from Prism: ${error instanceof Error ? error.message : String(error)}`,
  );
}

// The example page's results from the offset, at most limit of them (the operation's defaults where not
// given), with the requested offset and limit, and totalCount where the page has one; the example itself,
// unchanged, when that is what was asked for. A negative limit (v8.1 accepts -1, undocumented) is read as no
// limit: every item from the offset.
function pageWindow(text: string, query: URLSearchParams, window: ListWindow): string {
  const page = JSON.parse(text) as {
    offset?: number;
    limit?: number;
    totalCount?: number;
    results?: unknown[];
    _links?: { self?: { href: string } };
  };
  const offset = Number(query.get(window.offset) ?? 0);
  const limit = Number(query.get(window.limit) ?? window.defaultLimit);
  if (!Array.isArray(page.results)) throw new Error("the spec's list example has no results array");
  const results = page.results.slice(offset, limit < 0 ? undefined : offset + limit);
  const counted = !window.totalCount || page.totalCount === page.results.length;
  const same = results.length === page.results.length && offset === page.offset && limit === page.limit;
  if (same && counted) return text;
  const windowed: Record<string, unknown> = {
    ...page,
    offset,
    limit,
    ...(window.totalCount ? { totalCount: page.results.length } : {}),
    results,
  };
  if (page._links) {
    const links = { ...page._links };
    if (links.self) {
      const self = new URL(links.self.href);
      self.searchParams.set(window.offset, String(offset));
      self.searchParams.set(window.limit, String(limit));
      links.self = { href: self.href };
    }
    windowed._links = links;
  }
  return JSON.stringify(windowed);
}

function prismCli(): string {
  try {
    return createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");
  } catch (cause) {
    // The code lets the CLI tell a missing optional dependency (a setup problem) from a failure to start.
    throw Object.assign(
      new Error(
        "The mock appliance needs Prism: install it with `npm install --save-dev @stoplight/prism-cli@5.14.2`.",
        { cause },
      ),
      { code: "ERR_PRISM_NOT_FOUND" },
    );
  }
}

// `count` distinct free ports: every probe stays open until all are found, so the system cannot hand out the
// same port twice.
async function freePorts(host: string, count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once("error", reject);
          server.listen(0, host, () => {
            const address = server.address();
            if (typeof address === "object" && address) resolve(address.port);
            else reject(new Error(`could not find a free port on ${host}`));
          });
        }),
      );
    }
    return ports;
  } finally {
    const open = servers.filter((server) => server.listening);
    await Promise.all(open.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

// Resolves once Prism prints "Prism is listening"; rejects with what it printed if it exits or times out first.
function listening(child: ChildProcess, timeoutMs: number, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    let ready = false;
    const fail = (reason: string) => {
      clearTimeout(timer);
      const tail = output.slice(-10).join("\n");
      reject(new Error(`Prism ${reason}${tail ? `:\n${tail}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not start listening within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        output.push(line);
        onLog?.(line);
        if (!ready && line.includes("Prism is listening")) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => {
      if (!ready) fail(`exited (${signal ?? `code ${code}`}) before listening`);
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  }
}
