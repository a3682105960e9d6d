// The package's main entry: the client of every API version (v8.1 by default), detectApiVersion, and each
// version's types (`v8_1`, `v1`); the v8.1 models also at the top level. Only re-exports.
export * from "./commonExports.js";
export { createClient, type VeeamAzureClient } from "./createClient.js";
export {
  type DetectApiVersionOptions,
  type DetectedApiVersion,
  detectApiVersion,
} from "./detectApiVersion.js";
export type { components, operations, paths } from "./generated/v8_1.js";
export { failedStatuses, finalStatuses } from "./jobStatuses.js";
export type { VeeamAzureClientV1 } from "./v1/client.js";
/** The types of API v1 (product 1.0): its models, `paths`, `components`, `Client` and `Transport`. */
export type * as v1 from "./v1/types.js";
export type { VeeamAzureClientV8_1 } from "./v8_1/client.js";
export type * from "./v8_1/models.js";
/** The types of API v8.1 (and v6-v8): its models, `paths`, `components`, `Client` and `Transport`. */
export type * as v8_1 from "./v8_1/types.js";
