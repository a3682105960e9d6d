// A request that got no (complete) response, as a NetworkError whose message names the request and, for a
// certificate the runtime refuses, says what to do about it.
import { NetworkError } from "./errors.js";

/**
 * The method and real path of a request, as error messages begin: `GET /api/v1/jobSessions/8`.
 *
 * @example
 * ```ts
 * requestLabel({ method: "GET", url: "https://h/api/v1/jobSessions/8" }); // "GET /api/v1/jobSessions/8"
 * ```
 */
export function requestLabel(request: { readonly method: string; readonly url: string }): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

// What to do about a certificate the runtime refuses, by Node's (OpenSSL's) code: one not issued by a trusted
// authority (such as the self-signed certificate an appliance ships with), or one issued for another name.
const tlsHints: [RegExp, string][] = [
  [
    // DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    // UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)
    /SELF_SIGNED|UNABLE_TO_(VERIFY_LEAF|GET_ISSUER)/,
    "pass the appliance's certificate (PEM) as the `ca` option (CLI: --ca-file)",
  ],
  [/ALTNAME/, "the certificate is issued for another host name"], // ERR_TLS_CERT_ALTNAME_INVALID
];

/**
 * Makes the {@link NetworkError} for a request whose fetch, or whose body, failed with `error`.
 *
 * @example
 * ```ts
 * networkError(request, new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }));
 * // NetworkError: GET /api/v1/jobSessions/8: no response from https://h - connect ECONNREFUSED ...
 * ```
 */
export function networkError(request: { readonly method: string; readonly url: string }, error: unknown) {
  // undici wraps the system error: TypeError("fetch failed", { cause: Error { code: "ECONNREFUSED" } }).
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const reason =
    typeof cause?.message === "string" && cause.message
      ? cause.message
      : String((error as Error)?.message ?? error);
  const hint = code === undefined ? undefined : tlsHints.find(([codes]) => codes.test(code))?.[1];
  return new NetworkError(
    `${requestLabel(request)}: no response from ${new URL(request.url).origin} - ${reason}${hint ? `; ${hint}` : ""}`,
    code,
    { cause: error },
  );
}
