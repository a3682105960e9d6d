// createClient for every API version: the client of the version asked for (v8.1 when none is), typed by it.

import { bindingFor } from "./bindingFor.js";
import { type ApiVersion, apiVersions, defaultApiVersion } from "./core/apiVersion.js";
import { openClient } from "./core/client.js";
import type { ClientOptions } from "./core/options.js";
import type { VeeamAzureClientV1 } from "./v1/client.js";
import type { VeeamAzureClientV8_1 } from "./v8_1/client.js";

/**
 * The client of API version `V`: v1's methods and models for `"v1"`, v8.1's under the version's prefix for the
 * others.
 */
export type VeeamAzureClient<V extends ApiVersion = "v8.1"> = V extends "v1"
  ? VeeamAzureClientV1
  : V extends Exclude<ApiVersion, "v1">
    ? VeeamAzureClientV8_1<V>
    : never;

/**
 * Creates a client for one appliance, speaking `apiVersion` (default `"v8.1"`, what product 8.1 serves;
 * `detectApiVersion` finds out what an appliance serves). Any other version is a TypeError, before any request.
 * The client's type follows the version given (a version only known at run time gives the union of them).
 *
 * @example
 * ```ts
 * import { createClient } from "veeam-azure-client";
 * const client = createClient({
 *   baseUrl: "https://abc.ukwest.cloudapp.azure.com",
 *   credentials: { username: "backupadmin", password: process.env.VBAZURE_PASSWORD ?? "" },
 * });
 * for await (const vm of client.listVirtualMachineSnapshots()) console.log(vm.name, vm.dataDisks?.length ?? 0);
 * ```
 */
export function createClient(options: ClientOptions & { apiVersion?: undefined }): VeeamAzureClient<"v8.1">;
export function createClient<V extends ApiVersion>(
  options: ClientOptions & { apiVersion: V },
): VeeamAzureClient<V>;
export function createClient(options: ClientOptions): VeeamAzureClient<ApiVersion>;
export function createClient(options: ClientOptions): unknown {
  return openClient(options, apiVersions, defaultApiVersion, bindingFor);
}
