// Every type of API v1 in one module, for the `v1` namespace of the package's entries.
export type { components, operations, paths } from "../generated/v1.js";
export type {
  ListOptionsV1 as ListOptions,
  PageOptionsV1 as PageOptions,
  VeeamAzureClientV1 as Client,
} from "./client.js";
export type * from "./models.js";
export type { TransportV1 as Transport } from "./transport.js";
