// The stateful mock's options of `npm start` and `npm run mock` (--snapshots, --seed, --product), for
// node:util's parseArgs, checked; and what the scripts print to try the mock with.
import type { MockServerOptions } from "../src/mock/server.js";
import type { MockProduct } from "../src/mock/types.js";

/** The default inventory: the seed example's VM, then enough generated ones to page through. */
export const defaultSnapshots = 250;

const products: readonly MockProduct[] = ["8.1", "8.0", "7.0", "1.0"];

/**
 * The options for parseArgs, beside a script's own.
 *
 * @example
 * ```ts
 * const { values } = parseArgs({ options: { port: { type: "string" }, ...mockArgOptions } });
 * ```
 */
export const mockArgOptions = {
  snapshots: { type: "string", default: String(defaultSnapshots) },
  seed: { type: "string", default: "1" },
  product: { type: "string" },
} as const;

/** A script's option that is not what it must be: the script prints the message and exits with 2. */
export class ArgError extends Error {
  override name = "ArgError";
}

/**
 * The port of option `--name`; an ArgError otherwise.
 *
 * @example
 * ```ts
 * portArg("port", values.port); // 4010
 * ```
 */
export function portArg(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new ArgError(`--${name} must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

/**
 * What `read` returns, or, for an ArgError, its message on stderr and exit code 2 (a script's usage error).
 *
 * @example
 * ```ts
 * const appliance = orExit(() => applianceArgs(values));
 * ```
 */
export function orExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ArgError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

function whole(name: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new ArgError(`--${name} must be a whole number, got "${value}"`);
  }
  return number;
}

/**
 * The appliance's options from the parsed values; an ArgError that says what is wrong otherwise.
 *
 * @example
 * ```ts
 * const options = applianceArgs(values); // { snapshots: 250, seed: 1 }
 * ```
 */
export function applianceArgs(values: {
  snapshots: string;
  seed: string;
  product?: string | undefined;
}): Pick<MockServerOptions, "snapshots" | "seed" | "product"> {
  const { product } = values;
  if (product !== undefined && !products.includes(product as MockProduct)) {
    throw new ArgError(
      `--product must be one of ${products.join(", ")} (or left out for every version), got "${product}"`,
    );
  }
  return {
    snapshots: whole("snapshots", values.snapshots),
    seed: whole("seed", values.seed),
    ...(product === undefined ? {} : { product: product as MockProduct }),
  };
}

/**
 * Curls of the snapshot list of each API family the mock serves, newest first.
 *
 * @example
 * ```ts
 * tryLines(server.url, server.apiVersions); // ["curl -H 'Authorization: Bearer x' http://.../api/v8.1/...", ...]
 * ```
 */
export function tryLines(url: string, apiVersions: readonly string[]): string[] {
  const lines: string[] = [];
  const current = apiVersions.find((version) => version !== "v1");
  if (current) {
    lines.push(
      `curl -H 'Authorization: Bearer x' ${url}/api/${current}/restorePoints/virtualMachines/snapshots`,
    );
  }
  if (apiVersions.includes("v1")) {
    lines.push(`curl -H 'Authorization: Bearer x' ${url}/api/v1/virtualMachineSnapshots`);
  }
  lines.push(`curl -X POST ${url}/_mock/reset   (the control routes under /_mock/: see the README)`);
  return lines;
}
