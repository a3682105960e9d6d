export type { Fetch } from "./attempt.js";
export {
  type CallOptions,
  createClient,
  type ListOptions,
  type PageOptions,
  type VeeamAzureClient,
} from "./client.js";
export { errorFromResponse } from "./errorFromResponse.js";
export {
  ApiError,
  InvalidResponseError,
  JobSessionError,
  NetworkError,
  type RequestDescription,
  TimeoutError,
  VeeamAzureError,
} from "./errors.js";
export type { components, operations, paths } from "./generated/v1.js";
export { failedStatuses, finalStatuses } from "./jobStatuses.js";
export type {
  AzureSubscription,
  DiskSnapshot,
  JobSession,
  JobSessionType,
  JobStatus,
  KnownJobSessionType,
  KnownJobStatus,
  Link,
  Links,
  NetworkSecurityGroup,
  PasswordTokenRequest,
  ProblemDetails,
  RefreshTokenRequest,
  Region,
  ResourceGroup,
  TokenRequest,
  TokenResponse,
  ValidationErrors,
  VirtualMachineSnapshot,
  VirtualMachineSnapshotsPage,
  VirtualNetwork,
  VirtualNetworkSubnetBase,
} from "./models.js";
export type { ClientOptions } from "./options.js";
export type { PagedAsyncIterableIterator, PageSettings } from "./pagination.js";
export type { RetryOptions } from "./retry.js";
export type { Credentials } from "./session.js";
export { createTransport, type Transport } from "./transport.js";
export { version } from "./version.js";
export type { WaitForJobSessionOptions } from "./waitForJobSession.js";
