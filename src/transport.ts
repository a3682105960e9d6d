import createOpenApiClient, { type ClientOptions } from "openapi-fetch";
import type { ApiVersion } from "./core/apiVersion.js";
import type { TransportV1 } from "./v1/transport.js";
import type { TransportV8_1 } from "./v8_1/transport.js";

/** The typed `openapi-fetch` client of API version `V`: every path, method, parameter and body checked. */
export type Transport<V extends ApiVersion = "v8.1"> = V extends "v1"
  ? TransportV1
  : V extends Exclude<ApiVersion, "v1">
    ? TransportV8_1<V>
    : never;

/**
 * Creates the typed transport of API version `V`: an `openapi-fetch` client for the paths of its spec, with no
 * policies (auth, retries, timeouts) on top. Use it to call an operation exactly as the spec describes it;
 * `createClient` gives the same through its pipeline as `client.api`.
 *
 * @param options - `openapi-fetch` options; `baseUrl` is the appliance's origin (the paths carry the version).
 * @example
 * ```ts
 * const api = createTransport<"v8.1">({
 *   baseUrl: "https://abc.ukwest.cloudapp.azure.com",
 *   headers: { Authorization: `Bearer ${token}` },
 * });
 * const { data, error } = await api.GET("/api/v8.1/restorePoints/virtualMachines/snapshots", {
 *   params: { query: { Limit: 100 } },
 * });
 * ```
 */
export function createTransport<V extends ApiVersion = "v8.1">(options: ClientOptions): Transport<V> {
  return createOpenApiClient(options) as unknown as Transport<V>;
}
