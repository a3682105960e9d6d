// The v8.1 model types (also those of v6, v7 and v8, which may lack fields added later: the spec already lets
// them be absent), named after their schemas in openapi/v8.1/components/schemas/. They are views of the
// generated `components["schemas"]`, so they follow the spec; only the open enums are refined (see below).
import type { components } from "../generated/v8_1.js";

type Schemas = components["schemas"];

/**
 * One page of {@link VirtualMachineSnapshot}s, as `GET /api/v8.1/restorePoints/virtualMachines/snapshots` returns
 * it: unlike v1's, it says the collection's size (`totalCount`).
 */
export type VirtualMachineSnapshotsPage = Schemas["VirtualMachineSnapshotsPage"];
/** A protected Azure virtual machine with the snapshots of its OS and data disks. */
export type VirtualMachineSnapshot = Schemas["VirtualMachineSnapshot"];
/** The Azure subscription a virtual machine belongs to. */
export type AzureSubscription = Schemas["AzureSubscription"];
/** The Azure cloud a subscription is in. */
export type AzureEnvironment = Schemas["AzureEnvironment"];
/** The state of a subscription as the appliance sees it. */
export type SubscriptionStatus = Schemas["SubscriptionStatus"];
/** The Azure resource group that holds a virtual machine. */
export type ResourceGroup = Schemas["ResourceGroup"];
/** An Azure region. */
export type Region = Schemas["Region"];
/** The snapshot of one disk of a virtual machine: `{ diskId, diskName }` (v1 called the name `name`). */
export type DiskSnapshot = Schemas["DiskSnapshot"];
/** The Azure virtual network a virtual machine is attached to. */
export type VirtualNetwork = Schemas["VirtualNetwork"];
/** The Azure network security group applied to a virtual machine. */
export type NetworkSecurityGroup = Schemas["NetworkSecurityGroup"];
/** A job session: background work on the appliance, such as removing snapshots. */
export type JobSession = Schemas["JobSession"];
/** The job session statuses the spec knows (Veeam's `JobStatus`). */
export type KnownJobStatus = Schemas["KnownJobStatus"];
/**
 * Status of a job session. The appliance may report a status the spec does not know yet, so any string is
 * accepted; `string & {}` keeps the known values in editor completions without narrowing the type.
 */
export type JobStatus = KnownJobStatus | (string & {});
/** The job session types the spec knows (`SnapshotDeletion`, `ManualSnapshotDeletion`, ...). */
export type KnownJobSessionType = Schemas["KnownJobSessionType"];
/** Type of a job session: a {@link KnownJobSessionType} or any other string (see {@link JobStatus}). */
export type JobSessionType = KnownJobSessionType | (string & {});
/** The product's versions, as `GET /api/v8.1/system/about` returns them. */
export type SystemInfo = Schemas["SystemInfo"];
/** The body of a batch delete: the VMs' ids. */
export type VirtualMachineIds = Schemas["VirtualMachineIds"];
/** An RFC 9457 problem details body, as the appliance returns it with an error status. */
export type ProblemDetails = Schemas["ProblemDetails"];
/** On a 400, the messages for each invalid request field, keyed by field name. */
export type ValidationErrors = Schemas["ValidationErrors"];
/** Form fields of `POST /api/oauth2/token`: a password, refresh-token or MFA grant. */
export type TokenRequest = Schemas["TokenRequest"];
/** Form fields of the password grant. */
export type PasswordTokenRequest = Schemas["PasswordTokenRequest"];
/** Form fields of the refresh-token grant. */
export type RefreshTokenRequest = Schemas["RefreshTokenRequest"];
/** Form fields of the MFA grant, the second step of a login of a user with MFA. */
export type MfaTokenRequest = Schemas["MfaTokenRequest"];
/**
 * What `POST /api/oauth2/token` returns (Veeam's `Login`): the tokens, or for a user with MFA after the password
 * grant, `mfa_enabled` and an `mfa_token` and no access token.
 */
export type TokenResponse = Schemas["TokenResponse"];
