// `vbazure mock`: the mock appliance (a Prism per bundled spec, every API version on one port) on loopback until
// Ctrl-C, for trying the CLI or a script without a real appliance.
import { type ExamplesMock, startExamplesMock } from "../mock/examples.js";
import { exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import { UsageError } from "./usageError.js";

/** Options of `mock`. */
export interface MockOptions {
  port: number;
  /**
   * The bundled specs (YAML) to serve, one per API version, if not the package's own (every version it bundles).
   * A single path serves that spec alone.
   */
  spec: string | readonly string[] | undefined;
  /** Print Prism's log (each request and its validation) on stderr. */
  verbose: boolean;
}

/**
 * Serves the mock appliance until `signal` aborts (Ctrl-C, SIGTERM), then stops Prism and returns 0.
 *
 * @example
 * ```ts
 * await runMock({ port: 4010, spec: undefined, verbose: false }, io, signal);
 * ```
 */
export async function runMock(options: MockOptions, io: Io, signal: AbortSignal): Promise<number> {
  let mock: ExamplesMock;
  try {
    mock = await startExamplesMock({
      port: options.port,
      ...(options.spec?.length ? { spec: options.spec } : {}),
      ...(options.verbose ? { onLog: (line: string) => writeLine(io.stderr, line) } : {}),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_PRISM_NOT_FOUND") {
      throw new UsageError((error as Error).message, { cause: error });
    }
    throw error;
  }
  try {
    writeLine(io.stdout, `Mock appliance: ${mock.url}  (Ctrl-C stops it)`);
    writeLine(io.stdout, `Try: vbazure snapshots list --url ${mock.url} --token any`);
    await new Promise((resolve) => {
      if (signal.aborted) resolve(undefined);
      else signal.addEventListener("abort", resolve, { once: true });
    });
  } finally {
    await mock.close();
  }
  return exitCodes.ok;
}
