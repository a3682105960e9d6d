// The options of createClient, checked and completed with their defaults.
import type { ApiVersion } from "./apiVersion.js";
import type { Credentials } from "./auth/loginSession.js";
import { parseBaseUrl } from "./baseUrl.js";
import { requireCa } from "./ca.js";
import type { Fetch } from "./fetchTransport.js";
import type { RetryOptions, RetryPolicy } from "./policies/retryPolicy.js";
import { requireCount } from "./validation.js";
import { version } from "./version.js";

/** Options of `createClient`. Give either `token` or `credentials`. */
export interface ClientOptions {
  /**
   * The appliance's origin; the operations' paths carry the version (`/api/v8.1/...`). Plain `http://` is
   * refused except to this machine (or with `allowInsecureHttp`).
   * @example "https://abc.ukwest.cloudapp.azure.com"
   */
  baseUrl: string;
  /**
   * The API version to speak: one the appliance serves (product 8.1 serves v8.1, v8, v7 and v6; 8.0 serves v8,
   * v7 and v6; product 1.0 serves v1). `detectApiVersion` finds out which. The client's types follow it.
   * @default "v8.1"
   * @example "v8"
   */
  apiVersion?: ApiVersion | undefined;
  /**
   * An access token, or a function called before each request that returns one (after a 401 it is called once
   * more, and the request replayed if the token changed).
   * @example () => process.env.VBAZURE_TOKEN ?? ""
   */
  token?: string | (() => string | Promise<string>) | undefined;
  /**
   * A user name and password to log in with (`POST /api/oauth2/token`) instead of a token: the client logs in
   * on first use, refreshes the token before it expires, and logs in again after a 401. For a user with
   * multi-factor authentication, add `mfaCode`.
   * @example { username: "backupadmin", password: process.env.VBAZURE_PASSWORD ?? "" }
   */
  credentials?: Credentials | undefined;
  /**
   * Time limit of each attempt, from sending the request to receiving the whole body, in milliseconds.
   * @default 30_000
   */
  timeoutMs?: number | undefined;
  /**
   * How to retry failed requests, or `false` to send every request once (like `attempts: 1`: after a 401 the
   * token is still renewed for the next request, but the refused one is not sent again).
   * @default { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 }
   */
  retry?: RetryOptions | false | undefined;
  /**
   * The `fetch` to send with, for example one with a proxy: called like the global one, as
   * `fetch(url, init)`. (To trust a self-signed certificate, use `ca` instead.)
   * @default globalThis.fetch
   */
  fetch?: Fetch | undefined;
  /**
   * Node.js only: the certificate (PEM text), or certificates, to trust for the appliance instead of the
   * runtime's built-in list, such as the self-signed certificate an appliance ships with. Verification stays
   * on: the appliance must present this certificate (or one it issued) for its own host name. Like curl's
   * `--cacert`; not together with `fetch`. Loads the `undici` package on the first request.
   * @default undefined (the runtime's trusted certificate authorities)
   * @example readFileSync("appliance.pem", "utf8")
   */
  ca?: string | readonly string[] | undefined;
  /**
   * Value of the `User-Agent` header (where the runtime lets it be set; browsers do not).
   * @default "veeam-azure-client/<version>"
   */
  userAgent?: string | undefined;
  /**
   * Allow plain `http://` to hosts other than this machine; the token and password then cross the network
   * unencrypted.
   * @default false
   */
  allowInsecureHttp?: boolean | undefined;
}

/** The options with every default applied. */
export interface ResolvedOptions {
  /** @example "https://abc.ukwest.cloudapp.azure.com" */
  baseUrl: string;
  /** @example 30000 */
  timeoutMs: number;
  /** `attempts: 1` when retries are off. */
  retry: RetryPolicy;
  fetch: Fetch;
  /** @example "veeam-azure-client/0.2.0" */
  userAgent: string;
}

/** Checks the options (throwing a TypeError or RangeError that names the bad one) and applies the defaults. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (!options || typeof options !== "object") throw new TypeError("createClient needs an options object");
  let fetch = options.fetch ?? globalThis.fetch;
  if (options.ca !== undefined) {
    // `ca` configures the client's own fetch; a given fetch's TLS is configured where it is made.
    if (options.fetch !== undefined) throw new TypeError("pass either `ca` or `fetch`, not both");
    const ca = requireCa(options.ca);
    // Loaded by the first request: a Node-only module that a browser bundle of the client leaves in a chunk of
    // its own, never fetched (test/budgets.test.ts weighs the bundle without it).
    let tls: Promise<Fetch> | undefined;
    fetch = async (url, init) => {
      tls ??= import("./tlsFetch.js").then(({ createTlsFetch }) => createTlsFetch(ca));
      return (await tls)(url, init);
    };
  }
  if (typeof fetch !== "function") throw new TypeError("no global fetch: pass `fetch` in the options");
  let retry: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
  if (options.retry !== false) {
    if (options.retry !== undefined && (typeof options.retry !== "object" || options.retry === null)) {
      throw new TypeError("retry must be an object ({ attempts, baseDelayMs, maxDelayMs }) or false");
    }
    const { attempts = 3, baseDelayMs = 500, maxDelayMs = 30_000 } = options.retry ?? {};
    retry = {
      attempts: requireCount(attempts, "retry.attempts", 1),
      baseDelayMs: requireCount(baseDelayMs, "retry.baseDelayMs", 0),
      maxDelayMs: requireCount(maxDelayMs, "retry.maxDelayMs", 0),
    };
  }
  return {
    baseUrl: parseBaseUrl(options.baseUrl, options.allowInsecureHttp === true),
    timeoutMs: requireCount(options.timeoutMs ?? 30_000, "timeoutMs", 1),
    retry,
    fetch,
    userAgent: options.userAgent ?? `veeam-azure-client/${version}`,
  };
}
