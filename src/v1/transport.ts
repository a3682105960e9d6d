import createOpenApiClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "../generated/v1.js";

/** The typed `openapi-fetch` client for this API: every path, method, parameter and body checked by TypeScript. */
export type Transport = Client<paths>;

/**
 * Creates the typed transport: an `openapi-fetch` client for the paths of the spec, with no policies (auth,
 * retries, timeouts) on top. Use it to call an operation exactly as the spec describes it.
 *
 * @param options - `openapi-fetch` options; `baseUrl` is the appliance's origin (the paths carry `/api/v1`).
 * @example
 * ```ts
 * const api = createTransport({
 *   baseUrl: "https://abc.ukwest.cloudapp.azure.com",
 *   headers: { Authorization: `Bearer ${token}` },
 * });
 * const { data, error } = await api.GET("/api/v1/virtualMachineSnapshots", { params: { query: { limit: 30 } } });
 * ```
 */
export function createTransport(options: ClientOptions): Transport {
  return createOpenApiClient<paths>(options);
}
