// `vbazure mock`: a mock appliance on loopback until Ctrl-C, for trying the CLI or a script without a real
// appliance. By default the stateful mock (an inventory that pages, deletions whose job sessions finish, the
// control routes under /_mock/); with --examples the static one, Prism serving the specs' examples.

import { checkedPort } from "../mock/address.js";
import type { ExamplesMock } from "../mock/examples.js";
import type { MockServer } from "../mock/server.js";
import type { InProcessMockAppliance, MockProduct } from "../mock/types.js";
import { exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import { UsageError } from "./usageError.js";

/** Options of the stateful mock (`vbazure mock`). */
export interface StatefulMockOptions {
  examples: false;
  port: number;
  /** The product to play; every version when undefined. */
  product: MockProduct | undefined;
  /** VMs in the inventory: the seed example's, then generated ones. */
  snapshots: number;
  /** Seed of the generated VMs. */
  seed: number;
  /** Delay before each answer, in milliseconds. */
  latencyMs: number;
  /** How long a deletion's job session runs, in milliseconds. */
  jobDurationMs: number;
  /** Print each request and the status it was answered with on stderr. */
  verbose: boolean;
}

/** Options of the static mock (`vbazure mock --examples`). */
export interface ExamplesMockCommandOptions {
  examples: true;
  port: number;
  /**
   * The bundled specs (YAML) to serve, one per API version, if not the package's own (every version it bundles).
   * A single path serves that spec alone.
   */
  spec: readonly string[] | undefined;
  /** Print Prism's log (each request and its validation) on stderr. */
  verbose: boolean;
}

/** Options of `mock`: one mock or the other. */
export type MockOptions = StatefulMockOptions | ExamplesMockCommandOptions;

/** The options of `mock` as commander parsed them. */
export interface ParsedMockOptions {
  port: number;
  examples?: boolean;
  spec?: string[];
  product?: MockProduct;
  snapshots: number;
  seed: number;
  latency: number;
  jobDuration: number;
}

// The options that apply to one mock only, as the operator types them.
const statefulOnly = ["product", "snapshots", "seed", "latency", "jobDuration"] as const;
const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The options of the mock the operator asked for; a UsageError for an option of the other one (`--spec` without
 * `--examples`, `--snapshots` with it), which would otherwise be ignored without a word. `given` tells an option
 * typed on the command line from a default.
 *
 * @example
 * ```ts
 * const options = mockOptions(parsed, (name) => command.getOptionValueSource(name) === "cli", verbose());
 * ```
 */
export function mockOptions(
  parsed: ParsedMockOptions,
  given: (name: string) => boolean,
  verbose: boolean,
): MockOptions {
  if (parsed.examples) {
    const misplaced = statefulOnly.filter(given).map(flag);
    if (misplaced.length > 0) {
      throw new UsageError(
        `${misplaced.join(", ")} ${misplaced.length > 1 ? "apply" : "applies"} to the stateful mock, not to --examples (Prism serves the specs' examples as they are)`,
      );
    }
    return { examples: true, port: parsed.port, spec: parsed.spec, verbose };
  }
  if (parsed.spec !== undefined) {
    throw new UsageError(
      "--spec applies to --examples (the static mock of the specs' examples): add --examples, or drop --spec",
    );
  }
  return {
    examples: false,
    port: parsed.port,
    product: parsed.product,
    snapshots: parsed.snapshots,
    seed: parsed.seed,
    latencyMs: parsed.latency,
    jobDurationMs: parsed.jobDuration,
    verbose,
  };
}

// The appliance, printing each request it answers: method, path and query, status. Headers and bodies, where
// tokens and passwords travel, are never printed.
function logging(appliance: InProcessMockAppliance, log: (line: string) => void): InProcessMockAppliance {
  return {
    ...appliance,
    async handle(request) {
      const { pathname, search } = new URL(request.url);
      const response = await appliance.handle(request);
      log(`${request.method} ${pathname}${search} ${response.status}`);
      return response;
    },
  };
}

/**
 * Serves the mock appliance until `signal` aborts (Ctrl-C, SIGTERM), then stops it and returns 0. A port in use
 * or a missing optional dependency (Prism, openapi-backend, faker) is a UsageError: one line that says what to
 * do.
 *
 * @example
 * ```ts
 * await runMock({ examples: false, port: 4010, product: "8.1", snapshots: 250, seed: 1, latencyMs: 0, jobDurationMs: 2000, verbose: false }, io, signal);
 * ```
 */
export async function runMock(options: MockOptions, io: Io, signal: AbortSignal): Promise<number> {
  let mock: MockServer | ExamplesMock;
  let about: string;
  try {
    if (options.examples) {
      const { startExamplesMock } = await import("../mock/examples.js");
      mock = await startExamplesMock({
        port: options.port,
        ...(options.spec?.length ? { spec: options.spec } : {}),
        ...(options.verbose ? { onLog: (line: string) => writeLine(io.stderr, line) } : {}),
      });
      about = "the specs' examples, served by Prism";
    } else {
      const [{ createMockAppliance }, { serveMockAppliance }] = await Promise.all([
        import("../mock/appliance.js"),
        import("../mock/server.js"),
      ]);
      checkedPort(options.port); // before the appliance loads its specs
      const appliance = await createMockAppliance({
        ...(options.product ? { product: options.product } : {}),
        snapshots: options.snapshots,
        seed: options.seed,
        latencyMs: options.latencyMs,
        jobDurationMs: options.jobDurationMs,
      });
      const server = await serveMockAppliance(
        options.verbose ? logging(appliance, (line) => writeLine(io.stderr, line)) : appliance,
        { port: options.port },
      );
      mock = server;
      const vms = options.snapshots === 1 ? "1 VM" : `${options.snapshots} VMs`;
      about = `${options.product ? `product ${options.product}: ` : ""}${server.apiVersions.join(", ")}; ${vms}`;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_PRISM_NOT_FOUND" || code === "ERR_MOCK_DEPENDENCY" || code === "EADDRINUSE") {
      throw new UsageError((error as Error).message, { cause: error });
    }
    throw error;
  }
  try {
    writeLine(io.stdout, `Mock appliance: ${mock.url}  (${about}; Ctrl-C stops it)`);
    writeLine(io.stdout, `Try: vbazure snapshots list --url ${mock.url} --token any`);
    if (!options.examples) {
      writeLine(
        io.stdout,
        `Control: curl -X POST ${mock.url}/_mock/reset   (faults, clock, sessions: the routes under /_mock/ in the README)`,
      );
    }
    await new Promise((resolve) => {
      if (signal.aborted) resolve(undefined);
      else signal.addEventListener("abort", resolve, { once: true });
    });
  } finally {
    await mock.close();
  }
  return exitCodes.ok;
}
