// The model types, named after their schemas in openapi/components/schemas/. They are views of the generated
// `components["schemas"]`, so they follow the spec; only the two open enums are refined (see below).
import type { components } from "../generated/v1.js";

type Schemas = components["schemas"];

/** One page of {@link VirtualMachineSnapshot}s, as `GET /api/v1/virtualMachineSnapshots` returns it. */
export type VirtualMachineSnapshotsPage = Schemas["VirtualMachineSnapshotsPage"];
/** A protected Azure virtual machine with the snapshots of its OS and data disks. */
export type VirtualMachineSnapshot = Schemas["VirtualMachineSnapshot"];
/** The Azure subscription a virtual machine belongs to. */
export type AzureSubscription = Schemas["AzureSubscription"];
/** The Azure resource group that holds a virtual machine. */
export type ResourceGroup = Schemas["ResourceGroup"];
/** An Azure region. */
export type Region = Schemas["Region"];
/** The snapshot of one disk of a virtual machine. */
export type DiskSnapshot = Schemas["DiskSnapshot"];
/** The Azure virtual network a virtual machine is attached to. */
export type VirtualNetwork = Schemas["VirtualNetwork"];
/** The subnet a virtual machine is attached to (the v1 documentation's own name). */
export type VirtualNetworkSubnetBase = Schemas["VirtualNetworkSubnetBase"];
/** The Azure network security group applied to a virtual machine. */
export type NetworkSecurityGroup = Schemas["NetworkSecurityGroup"];
/** A link to a related resource. */
export type Link = Schemas["Link"];
/** Links to related resources, keyed by relation (`self`, `log`, ...). */
export type Links = Schemas["Links"];
/** A job session: background work on the appliance, such as removing snapshots. */
export type JobSession = Schemas["JobSession"];
/** The job session statuses the spec knows (Veeam's `JobStatus`). */
export type KnownJobStatus = Schemas["KnownJobStatus"];
/**
 * Status of a job session. The appliance may report a status the spec does not know yet, so any string is
 * accepted; `string & {}` keeps the known values in editor completions without narrowing the type.
 */
export type JobStatus = KnownJobStatus | (string & {});
/** The job session types the spec knows (Veeam's `JobSessionType`). */
export type KnownJobSessionType = Schemas["KnownJobSessionType"];
/** Type of a job session: a {@link KnownJobSessionType} or any other string (see {@link JobStatus}). */
export type JobSessionType = KnownJobSessionType | (string & {});
/** An RFC 9457 problem details body, as the appliance returns it with a 4xx status. */
export type ProblemDetails = Schemas["ProblemDetails"];
/** On a 400, the messages for each invalid request field, keyed by field name. */
export type ValidationErrors = Schemas["ValidationErrors"];
/** Form fields of `POST /api/oauth2/token`: a password grant or a refresh-token grant. */
export type TokenRequest = Schemas["TokenRequest"];
/** Form fields of the password grant of `POST /api/oauth2/token`. */
export type PasswordTokenRequest = Schemas["PasswordTokenRequest"];
/** Form fields of the refresh-token grant of `POST /api/oauth2/token`. */
export type RefreshTokenRequest = Schemas["RefreshTokenRequest"];
/** The access token, its lifetime and the refresh token, as `POST /api/oauth2/token` returns them. */
export type TokenResponse = Schemas["TokenResponse"];
