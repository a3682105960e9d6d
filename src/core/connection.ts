// One appliance connection: the options checked, the token source, and the openapi-fetch transport whose fetch is
// the client's pipeline (core/clientPipeline.ts). The token operation is the same in every API version
// (`POST /api/oauth2/token`, unversioned), so one connection serves a client of any version, and
// detectApiVersion's probes of several versions share one login.
import createOpenApiClient, { type Client } from "openapi-fetch";
import type { LoginForm } from "./auth/loginSession.js";
import { tokenSourceFor } from "./auth/tokenSource.js";
import { clientFetch, tokenPath } from "./clientPipeline.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { OutgoingRequest } from "./outgoingRequest.js";
import { asText, type Shape, type TextResult, unwrap } from "./unwrap.js";

/** A call of the transport as the version-neutral client makes it: with `parseAs: "text"`, untyped. */
export type LooseCall = (
  path: string,
  init: {
    parseAs: "text";
    params?: { path?: Record<string, string>; query?: Record<string, string | number> };
    body?: unknown;
    signal?: AbortSignal | null;
  },
) => Promise<TextResult>;

/** An appliance connection: the typed transport (for `client.api`) and the same, untyped, for the methods. */
export interface Connection {
  // biome-ignore lint/suspicious/noExplicitAny: each version's client gives `api` its own paths' type
  readonly api: Client<any>;
  readonly get: LooseCall;
  readonly post: LooseCall;
  readonly options: ResolvedOptions;
}

// The login session (loaded with it) checks what the answer holds: tokens, or a multi-factor challenge.
const anyJson: Shape<unknown> = { what: "JSON", valid: (value): value is unknown => true };

/**
 * Opens a connection for `options` (checked here: a TypeError or RangeError naming the bad one, before any
 * request).
 *
 * @example
 * ```ts
 * const { get } = connect({ baseUrl, credentials });
 * await get("/api/v8.1/system/about", { parseAs: "text" });
 * ```
 */
export function connect(options: ClientOptions): Connection {
  const resolved = resolveOptions(options);
  // The token request goes through the same pipeline (the auth policy lets it pass without a bearer token).
  const requestToken = (form: LoginForm) =>
    unwrap(
      { method: "POST", pathTemplate: tokenPath, secret: true },
      api.POST(tokenPath, {
        ...asText,
        body: form,
        bodySerializer: (body: Record<string, string>) => new URLSearchParams(body).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      anyJson,
    );
  // biome-ignore lint/suspicious/noExplicitAny: see Connection.api
  const api: Client<any> = createOpenApiClient({
    baseUrl: resolved.baseUrl,
    // openapi-fetch's documented option for the class it makes requests with: a light one (outgoingRequest.ts).
    Request: OutgoingRequest as unknown as typeof Request,
    fetch: clientFetch(resolved, tokenSourceFor(options, requestToken)) as (
      request: Request,
    ) => Promise<Response>,
    headers: { Accept: "application/json, application/problem+json", "User-Agent": resolved.userAgent },
  });
  return {
    api,
    get: api.GET as unknown as LooseCall,
    post: api.POST as unknown as LooseCall,
    options: resolved,
  };
}
