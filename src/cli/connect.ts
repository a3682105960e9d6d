// The client for the appliance the global options name: address, credentials (a token, or a user name with the
// password from VBAZURE_PASSWORD or the terminal), the certificate to trust, the per-request time limit, and the
// --verbose request log, all checked before the first request.
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseBaseUrl } from "../core/baseUrl.js";
import type { ClientOptions } from "../core/options.js";
import { createTlsFetch } from "../core/tlsFetch.js";
import { version } from "../core/version.js";
import { createClient, type VeeamAzureClientV1 as VeeamAzureClient } from "../v1/client.js";
import { type Io, writeLine } from "./io.js";
import { askPassword, canAsk } from "./prompts.js";
import { UsageError } from "./usageError.js";
import { verboseFetch } from "./verboseFetch.js";

/** Where an option's value came from (commander's names). */
export type Source = "cli" | "env" | "default" | "config" | "implied" | undefined;

/** The global options, as commander parsed them (flags, else environment variables). */
export interface GlobalOptions {
  url?: string;
  token?: string;
  username?: string;
  caFile?: string;
  /** Per-request time limit, in milliseconds. */
  timeout: number;
  verbose?: boolean;
}

const pemBlocks = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Reads the certificates of `--ca-file` (PEM; several may follow each other), checking that each parses.
 *
 * @example
 * ```ts
 * const ca = await readCaFile("appliance.pem"); // ["-----BEGIN CERTIFICATE-----\nMIIB..."]
 * ```
 */
export async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--ca-file ${path}: cannot read it (${code})`, { cause: error });
  }
  const blocks = text.match(pemBlocks) ?? [];
  if (blocks.length === 0) {
    throw new UsageError(
      `--ca-file ${path}: no PEM certificate in it (expected -----BEGIN CERTIFICATE----- ...; convert a DER file with \`openssl x509 -inform der -in cert.cer -out cert.pem\`)`,
    );
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      const which = blocks.length > 1 ? `certificate ${index + 1}` : "the certificate";
      throw new UsageError(`--ca-file ${path}: ${which} is not valid PEM (${(error as Error).message})`, {
        cause: error,
      });
    }
  });
  return blocks;
}

// A flag wins over an environment variable; the same kind of source naming both is a contradiction.
function chooseAuth(options: GlobalOptions, source: (name: string) => Source): "token" | "username" {
  const { token, username } = options;
  if (token && username) {
    if (source("token") === source("username")) {
      const [t, u] =
        source("token") === "env" ? ["VBAZURE_TOKEN", "VBAZURE_USERNAME"] : ["--token", "--username"];
      throw new UsageError(`pass either ${t} or ${u}, not both`);
    }
    return source("token") === "cli" ? "token" : "username";
  }
  if (token) return "token";
  if (username) return "username";
  throw new UsageError(
    "no credentials: pass --token (or set VBAZURE_TOKEN), or --username (or VBAZURE_USERNAME) with the password in VBAZURE_PASSWORD",
  );
}

/**
 * Creates the client for the global options, asking for the password on the terminal where needed.
 *
 * @example
 * ```ts
 * const client = await connect(command.optsWithGlobals(), (name) => program.getOptionValueSource(name), io, signal);
 * ```
 */
export async function connect(
  options: GlobalOptions,
  source: (name: string) => Source,
  io: Io,
  signal: AbortSignal,
): Promise<VeeamAzureClient> {
  if (!options.url) throw new UsageError("no appliance: pass --url https://<appliance> or set VBAZURE_URL");
  const baseUrl = options.url;
  try {
    parseBaseUrl(baseUrl, false);
  } catch (error) {
    throw new UsageError(`--url: ${(error as Error).message}`, { cause: error });
  }
  const auth: Pick<ClientOptions, "token" | "credentials"> = {};
  if (chooseAuth(options, source) === "token") auth.token = options.token;
  else {
    const username = options.username ?? "";
    let password = io.env.VBAZURE_PASSWORD;
    if (!password) {
      if (!canAsk(io)) {
        throw new UsageError(
          `--username ${username} needs a password: set VBAZURE_PASSWORD, or run in a terminal to be asked for it`,
        );
      }
      password = await askPassword(`Password for ${username}:`, io, signal);
    }
    auth.credentials = { username, password };
  }
  let fetch = options.caFile ? createTlsFetch(await readCaFile(options.caFile)) : globalThis.fetch;
  if (options.verbose) fetch = verboseFetch(fetch, (line) => writeLine(io.stderr, line));
  return createClient({
    baseUrl,
    ...auth,
    timeoutMs: options.timeout,
    fetch,
    userAgent: `vbazure/${version} (veeam-azure-client)`,
  });
}
