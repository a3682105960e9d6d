// The `veeam-azure-client/v1` entry: the client of API v1 (product 1.0) alone, for an app that speaks only v1
// and wants nothing of the other versions in its bundle. Only re-exports.
export * from "../commonExports.js";
export type { components, operations, paths } from "../generated/v1.js";
export { createClient, type ListOptionsV1, type PageOptionsV1, type VeeamAzureClientV1 } from "./client.js";
export { failedStatuses, finalStatuses } from "./jobStatuses.js";
export type * from "./models.js";
/** The types of API v1 (product 1.0): its models, `paths`, `components`, `Client` and `Transport`. */
export type * as v1 from "./types.js";
