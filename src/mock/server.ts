// Server mode: the in-process mock appliance on a real port (node:http), for tests in other processes or
// languages, `vbazure mock` and `npm start`. Each request becomes a `Request` for the appliance's `handle`, or for
// the control routes under `/_mock/`; the answer is streamed back. The connection faults need a real
// connection: a `reset` breaks it mid-body, a `hang` holds it until the client gives up.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ApiVersion } from "../core/apiVersion.js";
import { checkedPort, httpOrigin } from "./address.js";
import { createMockAppliance } from "./appliance.js";
import { controlRoutes, isControlPath } from "./controlRoutes.js";
import { requestFrom, writeResponse } from "./httpBridge.js";
import { PortInUseError } from "./portInUseError.js";
import { problemResponse } from "./problemResponse.js";
import type { InProcessMockAppliance, MockApplianceOptions, MockControl } from "./types.js";

/**
 * Where the mock server listens.
 *
 * @example
 * ```ts
 * const where: MockListenOptions = { port: 0, host: "127.0.0.1" };
 * ```
 */
export interface MockListenOptions {
  /**
   * TCP port to listen on; `0` picks a free one.
   * @default 4010
   */
  port?: number;
  /**
   * Interface to bind. Keep the default: the mock accepts what its users allow (any bearer token without
   * users), and its control routes reset and fault it for anyone who can reach them.
   * @default "127.0.0.1"
   */
  host?: string;
}

/**
 * Options of {@link startMockAppliance}: the appliance's and where it listens.
 *
 * @example
 * ```ts
 * const options: MockServerOptions = { port: 0, product: "8.1", snapshots: 500 };
 * ```
 */
export interface MockServerOptions extends MockApplianceOptions, MockListenOptions {}

/**
 * A mock appliance serving on a port. Stop it with {@link MockServer.close} (or `await using`).
 *
 * @example
 * ```ts
 * await using server = await startMockAppliance({ port: 0 });
 * const client = createClient({ baseUrl: server.url, token: "any" });
 * ```
 */
export interface MockServer extends AsyncDisposable {
  /** Origin to use as `baseUrl`, such as `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The port it listens on (the one picked, for port 0). */
  readonly port: number;
  /** The API versions it serves, newest first. */
  readonly apiVersions: readonly ApiVersion[];
  /** The same control surface as the in-process appliance's (and as the routes under `/_mock/`). */
  readonly control: MockControl;
  /**
   * Stops listening and drops every open connection (a hung request's included). Safe to call more than once.
   * @example
   * ```ts
   * const server = await startMockAppliance({ port: 0 });
   * try { ... } finally { await server.close(); }
   * ```
   */
  close(): Promise<void>;
}

/**
 * Starts the stateful mock appliance as a server: {@link createMockAppliance} with `options`, served on
 * `options.host` (127.0.0.1) and `options.port` (4010; 0 for a free one), the control routes under `/_mock/`
 * beside the API (see the README). Unlike the in-process appliance, its connection faults are real: `reset`
 * breaks the connection mid-body, `hang` holds it until the client gives up. A port in use is a
 * {@link PortInUseError}.
 *
 * @example
 * ```ts
 * import { startMockAppliance } from "veeam-azure-client/mock";
 * await using server = await startMockAppliance({ port: 0, product: "8.1", snapshots: 500 });
 * await fetch(`${server.url}/_mock/faults`, {
 *   method: "POST",
 *   body: JSON.stringify({ operation: "listVirtualMachineSnapshots", kind: "reset", times: 1 }),
 * });
 * ```
 */
export async function startMockAppliance(options: MockServerOptions = {}): Promise<MockServer> {
  const { port, host, ...applianceOptions } = options;
  const where: MockListenOptions = {
    port: checkedPort(port ?? 4010), // before the appliance loads its specs
    ...(host === undefined ? {} : { host }),
  };
  return serveMockAppliance(await createMockAppliance(applianceOptions), where);
}

/**
 * Serves `appliance` over HTTP on `options.host` and `options.port`: {@link startMockAppliance} without creating
 * the appliance, for an appliance made with `createMockAppliance`, or for a test's fake.
 *
 * @example
 * ```ts
 * const appliance = await createMockAppliance({ clock: "manual" });
 * await using server = await serveMockAppliance(appliance, { port: 0 });
 * ```
 */
export async function serveMockAppliance(
  appliance: InProcessMockAppliance,
  options: MockListenOptions = {},
): Promise<MockServer> {
  const requested = checkedPort(options.port ?? 4010);
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host.trim() === "") {
    throw new TypeError(`host must be a host name or IP address, such as "127.0.0.1", got ${String(host)}`);
  }
  const control = controlRoutes(appliance.control);
  let origin = httpOrigin(host, requested);
  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await requestFrom(req, res, origin);
    let response: Response;
    try {
      const { pathname } = new URL(request.url);
      response = await (isControlPath(pathname) ? control(request) : appliance.handle(request));
    } catch (error) {
      // A hang whose client gave up settles this way: there is no one left to answer.
      if (request.signal.aborted) return;
      // A reset fault on an answer with no body: the connection breaks before any answer.
      if ((error as { code?: unknown })?.code === "ECONNRESET") {
        res.destroy();
        return;
      }
      response = problemResponse(
        500,
        "Internal Server Error",
        `the mock appliance failed to answer ${request.method} ${new URL(request.url).pathname}: ${(error as Error)?.message ?? String(error)}`,
      );
    }
    await writeResponse(response, res);
  }
  await listen(server, requested, host);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : requested;
  origin = httpOrigin(host, port);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Kept-alive and unanswered connections too: a hung request's signal aborts as its socket goes.
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    url: origin,
    port,
    apiVersions: appliance.apiVersions,
    control: appliance.control,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new PortInUseError(port, host, { cause: error }));
      else {
        reject(
          Object.assign(
            new Error(`could not listen on ${httpOrigin(host, port)}: ${error.message}`, { cause: error }),
            { code: error.code },
          ),
        );
      }
    };
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      resolve();
    });
  });
}
