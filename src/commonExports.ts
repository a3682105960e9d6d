// What every entry of the package exports, whichever versions it carries: the errors, the options and the
// helpers' types. (Each entry re-exports this; it holds no code of its own.)
export type { ApiVersion, CurrentApiVersion } from "./core/apiVersion.js";
export type { Credentials, MfaCode } from "./core/auth/loginSession.js";
export type { ListFilters } from "./core/binding.js";
export type { CallOptions, DeleteOptions, ListOptions, PageOptions } from "./core/client.js";
export { errorFromResponse } from "./core/errorFromResponse.js";
export {
  ApiError,
  InvalidResponseError,
  JobSessionError,
  type JobSessionLike,
  MfaRequiredError,
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
export { createTransport, type Transport } from "./transport.js";
