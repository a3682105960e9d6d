// Starts Prism as a mock appliance. Node only, and loaded only through the `veeam-azure-client/mock` entry, so
// the client entry never pulls in child_process. Prism is an optional peer dependency: only this needs it.
//
// Prism answers every list request with the same example page, whatever its offset; a client that pages
// correctly (a short page does not end a listing, only an empty one does) would take that for an appliance that
// ignores offset. So a small front server on the given port passes every request to Prism (which validates it and
// checks the bearer token) and serves a list page as a window of the example's results at the requested offset
// and limit: the example is the whole inventory, and the page after it is empty.
import { type ChildProcess, spawn } from "node:child_process";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Options of {@link startMockAppliance}. */
export interface MockApplianceOptions {
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
   * Path of the bundled OpenAPI document to serve.
   * @default the `openapi.yaml` bundled with this package
   */
  spec?: string;
  /**
   * How long to wait for Prism to start listening before giving up.
   * @default 60_000
   */
  startupTimeoutMs?: number;
  /** Receives each line Prism logs (requests, validation findings), for example to print them. */
  onLog?: (line: string) => void;
}

/** A running mock appliance. Stop it with {@link MockAppliance.close} (or `await using`). */
export interface MockAppliance extends AsyncDisposable {
  /** Origin to use as `baseUrl`, such as `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Process id of the Prism process. */
  readonly pid: number;
  /**
   * Stops Prism and waits for its process to exit. Safe to call more than once.
   * @example
   * ```ts
   * const mock = await startMockAppliance();
   * try { ... } finally { await mock.close(); }
   * ```
   */
  close(): Promise<void>;
}

/** The spec bundled with the package (`dist/openapi.yaml`, beside `dist/mock.js`; from `src/` in development). */
export const bundledSpecPath: string = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));

/**
 * Starts the mock appliance: Prism serving the spec's examples on loopback. It enforces the bearer-token
 * requirement (any token is accepted) and validates parameters, answering 400 or 401 like an appliance would.
 *
 * @example
 * ```ts
 * import { startMockAppliance } from "veeam-azure-client/mock";
 * await using mock = await startMockAppliance({ port: 0 });
 * const res = await fetch(`${mock.url}/api/v1/virtualMachineSnapshots`, { headers: { Authorization: "Bearer x" } });
 * ```
 */
export async function startMockAppliance(options: MockApplianceOptions = {}): Promise<MockAppliance> {
  const host = options.host ?? "127.0.0.1";
  const requested = options.port ?? 4010;
  if (!Number.isInteger(requested) || requested < 0 || requested > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(requested)}`);
  }
  const prism = prismCli();
  const prismPort = await freePort(host);
  const child = spawn(
    process.execPath,
    [prism, "mock", "--host", host, "--port", String(prismPort), options.spec ?? bundledSpecPath],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start Prism (${process.execPath} ${prism})`);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await listening(child, options.startupTimeoutMs ?? 60_000, options.onLog);
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
  const front = createHttpServer((req, res) => forward(req, res, host, prismPort));
  try {
    await new Promise<void>((resolve, reject) => {
      front.once("error", reject);
      front.listen(requested, host, resolve);
    });
  } catch (error) {
    await stop(child, exited);
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw Object.assign(
      new Error(`port ${requested} on ${host} is in use: pick another port, or 0 for any free one`, {
        cause: error,
      }),
      { code: "EADDRINUSE" },
    );
  }
  const address = front.address();
  const port = typeof address === "object" && address ? address.port : requested;
  const url = httpOrigin(host, port);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= Promise.all([
      new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      }),
      stop(child, exited),
    ]).then(() => undefined);
    return closing;
  };
  return { url, port, pid, close, [Symbol.asyncDispose]: close };
}

// `http://host:port`, an IPv6 address in brackets.
const httpOrigin = (host: string, port: number) =>
  `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

// The list operations whose pages are served as windows of Prism's example page.
const listPaths = new Set(["/api/v1/virtualMachineSnapshots"]);

function forward(req: IncomingMessage, res: ServerResponse, host: string, prismPort: number): void {
  const target = new URL(req.url ?? "/", httpOrigin(host, prismPort));
  const windowed = req.method === "GET" && listPaths.has(target.pathname);
  const upstream = request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      if (!windowed || answer.statusCode !== 200) {
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
          body = pageWindow(Buffer.concat(chunks).toString("utf8"), target.searchParams);
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

function fail(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
  res.end(
    `the mock appliance could not answer from Prism: ${error instanceof Error ? error.message : String(error)}`,
  );
}

// The example page's results from `offset`, at most `limit` of them (the spec's defaults where not given); the
// example itself, unchanged, when that is what was asked for.
function pageWindow(text: string, query: URLSearchParams): string {
  const page = JSON.parse(text) as {
    offset?: number;
    limit?: number;
    results?: unknown[];
    _links?: { self?: { href: string } };
  };
  const offset = Number(query.get("offset") ?? 0);
  const limit = Number(query.get("limit") ?? 30);
  if (offset === page.offset && limit === page.limit) return text;
  if (!Array.isArray(page.results)) throw new Error("the spec's list example has no results array");
  const results = page.results.slice(offset, offset + limit);
  const links = { ...page._links };
  if (links.self) {
    const self = new URL(links.self.href);
    self.searchParams.set("offset", String(offset));
    self.searchParams.set("limit", String(limit));
    links.self = { href: self.href };
  }
  return JSON.stringify({ ...page, offset, limit, results, _links: links });
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

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
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
