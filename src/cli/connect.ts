// The client for the appliance the global options name: address, credentials (a token, or a user name with the
// password from VBAZURE_PASSWORD or the terminal, and for a user with MFA the code from VBAZURE_MFA_CODE or the
// terminal), the certificate to trust, the per-request time limit and the --verbose request log, all checked
// before the first request; and the API version, given with --api-version or detected once per run.
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ApiVersion } from "../core/apiVersion.js";
import { parseBaseUrl } from "../core/baseUrl.js";
import type { ClientOptions } from "../core/options.js";
import { createTlsFetch } from "../core/tlsFetch.js";
import { version } from "../core/version.js";
import { createClient, type VeeamAzureClient } from "../createClient.js";
import { detectApiVersion } from "../detectApiVersion.js";
import { type ApiVersionChoice, type ChosenApiVersion, describeApiVersion } from "./apiVersionChoice.js";
import { type Io, writeLine } from "./io.js";
import { mfaCodeFor } from "./mfaCode.js";
import { passwordVariable } from "./passwordVariable.js";
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
  /**
   * The profile in use (--profile, VBAZURE_PROFILE or the config's default), once ./profileOptions.ts has applied
   * it: its password comes from its own variable first (./passwordVariable.ts).
   * @default undefined (none)
   */
  profile?: string;
  /**
   * The API version to speak, or `auto` to detect it.
   * @default "auto"
   */
  apiVersion?: ApiVersionChoice;
}

/** The client of a run, the API version it speaks and how that was chosen. */
export interface Connected extends ChosenApiVersion {
  client: VeeamAzureClient<ApiVersion>;
  /**
   * The product version, when detection read it (`system/about`, v6 and later).
   * @default undefined (the version was given, or system/about would not say)
   * @example "8.1.0.32"
   */
  serverVersion: string | undefined;
}

/**
 * The API version the options give, and how (the flag or VBAZURE_API_VERSION); undefined for `auto`, which
 * leaves it to detection.
 *
 * @example
 * ```ts
 * givenApiVersion({ timeout: 30_000, apiVersion: "v6" }, () => "env"); // { apiVersion: "v6", source: "VBAZURE_API_VERSION" }
 * ```
 */
export function givenApiVersion(
  options: GlobalOptions,
  source: (name: string) => Source,
): ChosenApiVersion | undefined {
  const { apiVersion } = options;
  if (apiVersion === undefined || apiVersion === "auto") return undefined;
  const from = source("apiVersion");
  return {
    apiVersion,
    source: from === "env" ? "VBAZURE_API_VERSION" : from === "config" ? "profile" : "--api-version",
  };
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
 * Creates the client for the global options, asking for the password on the terminal where needed, and detects
 * the API version unless it is given (detection logs in once; its client keeps that login). With --verbose, one
 * stderr line says which version is in use and how it was chosen. The password is the profile's variable's
 * (VBAZURE_PASSWORD_<PROFILE>), else VBAZURE_PASSWORD unless `ownPasswordOnly` (one appliance of several: the
 * shared variable would be sent to each), else asked for.
 *
 * @example
 * ```ts
 * const { client, apiVersion } = await connect(command.optsWithGlobals(), (name) => program.getOptionValueSource(name), io, signal);
 * ```
 */
export async function connect(
  options: GlobalOptions,
  source: (name: string) => Source,
  io: Io,
  signal: AbortSignal,
  { ownPasswordOnly = false } = {},
): Promise<Connected> {
  if (!options.url)
    throw new UsageError(
      "no appliance: pass --url https://<appliance> or set VBAZURE_URL, or name a profile with --profile (vbazure profiles add)",
    );
  const baseUrl = options.url;
  try {
    parseBaseUrl(baseUrl, true);
  } catch (error) {
    throw new UsageError(`--url: ${(error as Error).message}`, { cause: error });
  }
  // The library's refusal of plain http names its own way out (the allowInsecureHttp option), which the CLI does
  // not have: say the CLI's instead.
  try {
    parseBaseUrl(baseUrl, false);
  } catch (error) {
    const host = new URL(baseUrl).hostname;
    throw new UsageError(
      `--url: refusing plain http to ${host}: the token or password would travel unencrypted; use https://${host} (with --ca-file <pem> when its certificate is self-signed), or plain http only to this machine (127.0.0.1, localhost)`,
      { cause: error },
    );
  }
  const auth: Pick<ClientOptions, "token" | "credentials"> = {};
  if (chooseAuth(options, source) === "token") auth.token = options.token;
  else {
    const username = options.username ?? "";
    // A profile's own variable first, so that a fleet's appliances can each have theirs.
    const variables = [
      ...(options.profile === undefined ? [] : [passwordVariable(options.profile)]),
      ...(ownPasswordOnly ? [] : ["VBAZURE_PASSWORD"]),
    ];
    let password = variables.map((name) => io.env[name]).find(Boolean);
    if (!password) {
      if (!canAsk(io)) {
        throw new UsageError(
          `--username ${username} needs a password: set ${variables.join(" or ")}, or run in a terminal to be asked for it`,
        );
      }
      password = await askPassword(`Password for ${username}:`, io, signal);
    }
    // Asked only when the login answers with a multi-factor challenge: never for a user without MFA.
    auth.credentials = { username, password, mfaCode: mfaCodeFor(username, io, signal) };
  }
  let fetch = options.caFile ? createTlsFetch(await readCaFile(options.caFile)) : globalThis.fetch;
  if (options.verbose) fetch = verboseFetch(fetch, (line) => writeLine(io.stderr, line));
  const clientOptions: ClientOptions = {
    baseUrl,
    ...auth,
    timeoutMs: options.timeout,
    fetch,
    userAgent: `vbazure/${version} (veeam-azure-client)`,
  };
  const given = givenApiVersion(options, source);
  let connected: Connected;
  if (given) {
    connected = {
      ...given,
      client: createClient({ ...clientOptions, apiVersion: given.apiVersion }),
      serverVersion: undefined,
    };
  } else {
    const detected = await detectApiVersion({ ...clientOptions, signal });
    connected = { ...detected, source: "detected" };
  }
  // Like curl's `*` lines: what the run found out, beside the requests (`>`) and responses (`<`).
  if (options.verbose) writeLine(io.stderr, `* API version ${describeApiVersion(connected)}`);
  return connected;
}
