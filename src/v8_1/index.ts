// The `veeam-azure-client/v8.1` entry: the client of API v8.1, v8, v7 and v6 alone, for an app that talks to
// today's appliances and wants nothing of v1 in its bundle. Only re-exports.
export * from "../commonExports.js";
export type { components, operations, paths } from "../generated/v8_1.js";
export { createClient, currentApiVersions, type VeeamAzureClientV8_1 } from "./client.js";
export { failedStatuses, finalStatuses } from "./jobStatuses.js";
export type * from "./models.js";
/** The types of API v8.1 (and v6-v8): its models, `paths`, `components`, `Client` and `Transport`. */
export type * as v8_1 from "./types.js";
