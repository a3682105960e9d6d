// --verbose: every request the client sends (retries and the token request included) and its outcome, on
// stderr, without secrets: the bearer token and the token form's password, refresh token and MFA token and code are replaced.
import type { Fetch } from "../core/fetchTransport.js";

const hidden = "<redacted>";
const secretHeaders = new Set(["authorization", "cookie", "proxy-authorization"]);
const secretFields = new Set([
  "password",
  "refresh_token",
  "access_token",
  "client_secret",
  "mfa_token",
  "mfa_code",
]);

/**
 * A header value as it may be logged: credentials keep only their scheme (`Bearer <redacted>`).
 *
 * @example
 * ```ts
 * redactHeader("Authorization", "Bearer eyJhbGciOi..."); // "Bearer <redacted>"
 * ```
 */
export function redactHeader(name: string, value: string): string {
  if (!secretHeaders.has(name.toLowerCase())) return value;
  const scheme = /^(\w+) /.exec(value)?.[1];
  return scheme ? `${scheme} ${hidden}` : hidden;
}

/**
 * A form body as it may be logged: the values of secret fields (password, tokens) replaced.
 *
 * @example
 * ```ts
 * redactForm("grant_type=Password&username=backupadmin&password=hunter2");
 * // "grant_type=Password&username=backupadmin&password=<redacted>"
 * ```
 */
export function redactForm(body: string): string {
  return [...new URLSearchParams(body)]
    .map(([key, value]) => `${key}=${secretFields.has(key) ? hidden : encodeURIComponent(value)}`)
    .join("&");
}

/**
 * Wraps `fetch` so that each request and its outcome are written with `log`, secrets redacted.
 *
 * @example
 * ```ts
 * createClient({ baseUrl, token, fetch: verboseFetch(globalThis.fetch, (line) => process.stderr.write(`${line}\n`)) });
 * ```
 */
export function verboseFetch(fetch: Fetch, log: (line: string) => void): Fetch {
  return async (url, init) => {
    const started = performance.now();
    const headers = new Headers(init.headers);
    log(`> ${init.method ?? "GET"} ${url}`);
    for (const [name, value] of headers) log(`> ${name}: ${redactHeader(name, value)}`);
    if (init.body && /x-www-form-urlencoded/.test(headers.get("content-type") ?? "")) {
      log(`> ${redactForm(await new Response(init.body).text())}`);
    }
    const took = () => `${Math.round(performance.now() - started)} ms`;
    try {
      const response = await fetch(url, init);
      const id = response.headers.get("x-request-id") ?? response.headers.get("request-id");
      log(`< ${response.status} ${response.statusText} after ${took()}${id ? ` (request id ${id})` : ""}`);
      return response;
    } catch (error) {
      const reason =
        (error as { cause?: { message?: unknown } })?.cause?.message ?? (error as Error)?.message;
      log(`< failed after ${took()}: ${String(reason ?? error)}`);
      throw error;
    }
  };
}
