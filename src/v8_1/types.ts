// Every type of API v8.1 (and v6-v8) in one module, for the `v8_1` namespace of the package's entries.
export type { components, operations, paths } from "../generated/v8_1.js";
export type { VeeamAzureClientV8_1 as Client } from "./client.js";
export type * from "./models.js";
export type { PathsOf, TransportV8_1 as Transport } from "./transport.js";
