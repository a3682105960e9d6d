export type { Credentials } from "./core/auth/loginSession.js";
export { errorFromResponse } from "./core/errorFromResponse.js";
export {
  ApiError,
  InvalidResponseError,
  JobSessionError,
  type JobSessionLike,
  NetworkError,
  type RequestDescription,
  TimeoutError,
  VeeamAzureError,
} from "./core/errors.js";
export type { Fetch } from "./core/fetchTransport.js";
export type { ClientOptions } from "./core/options.js";
export type { PagedAsyncIterableIterator, PageSettings } from "./core/pagination.js";
export type { RetryOptions } from "./core/policies/retryPolicy.js";
export { version } from "./core/version.js";
export type { WaitForJobSessionOptions } from "./core/waitForJobSession.js";
export type { components, operations, paths } from "./generated/v1.js";
export {
  type CallOptions,
  createClient,
  type ListOptions,
  type PageOptions,
  type VeeamAzureClient,
} from "./v1/client.js";
export { failedStatuses, finalStatuses } from "./v1/jobStatuses.js";
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
} from "./v1/models.js";
export { createTransport, type Transport } from "./v1/transport.js";
