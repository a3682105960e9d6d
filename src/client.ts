// createClient: the typed transport with the auth, retry and timeout policies, and the operations as methods
// that return data or throw a typed error.
import { createAttemptFetch } from "./attempt.js";
import { authMiddleware, providedTokens, type TokenSource, tokenPath } from "./auth.js";
import { InvalidResponseError } from "./errors.js";
import type {
  JobSession,
  TokenRequest,
  TokenResponse,
  VirtualMachineSnapshot,
  VirtualMachineSnapshotsPage,
} from "./models.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { type PagedAsyncIterableIterator, paginate } from "./pagination.js";
import { retryMiddleware } from "./retry.js";
import { loginSession } from "./session.js";
import { createTransport, type Transport } from "./transport.js";
import { forUnwrap, unwrap } from "./unwrap.js";
import { requireCount, requireId } from "./validation.js";
import { type WaitForJobSessionOptions, waitForJobSession } from "./waitForJobSession.js";

/** Options of a single call. */
export interface CallOptions {
  /** Cancels the call (and its retries) when aborted; the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Options of `getVirtualMachineSnapshotsPage`. */
export interface PageOptions extends CallOptions {
  /**
   * Items to skip.
   * @default 0
   */
  offset?: number | undefined;
  /**
   * Items to ask for (the appliance may return fewer).
   * @default 30
   */
  limit?: number | undefined;
}

/** Options of `listVirtualMachineSnapshots`. */
export interface ListOptions extends CallOptions {
  /**
   * Items to ask for per page.
   * @default 30
   */
  pageSize?: number | undefined;
  /**
   * Pages requested at once, ahead of the one being read; raise it for slow links. Memory holds at most this
   * many pages besides the current one.
   * @default 1
   */
  concurrency?: number | undefined;
}

/** A client for one appliance. Create it with {@link createClient}. */
export interface VeeamAzureClient {
  /**
   * The openapi-fetch client typed by the spec's paths, with the same auth, retry and timeout policies, for
   * calls the methods below do not cover. It returns `{ data, error, response }` rather than throwing.
   * @example
   * ```ts
   * const { data } = await client.api.GET("/api/v1/jobSessions/{id}", { params: { path: { id: "8" } } });
   * ```
   */
  readonly api: Transport;
  /**
   * Reads one page of virtual machine snapshots.
   * @example
   * ```ts
   * const page = await client.getVirtualMachineSnapshotsPage({ offset: 0, limit: 100 });
   * ```
   */
  getVirtualMachineSnapshotsPage(options?: PageOptions): Promise<VirtualMachineSnapshotsPage>;
  /**
   * Iterates over every virtual machine snapshot, fetching pages as needed (and ahead).
   * @example
   * ```ts
   * for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 100 })) console.log(vm.name);
   * for await (const page of client.listVirtualMachineSnapshots().byPage({ pageSize: 100 })) console.log(page.results.length);
   * ```
   */
  listVirtualMachineSnapshots(
    options?: ListOptions,
  ): PagedAsyncIterableIterator<VirtualMachineSnapshot, VirtualMachineSnapshotsPage>;
  /**
   * Starts removing a virtual machine's snapshots and returns the job session doing it. Not retried after the
   * request may have reached the appliance.
   * @param vmId - The `vmId` from the snapshot list.
   * @example
   * ```ts
   * const session = await client.deleteVirtualMachineSnapshots(vm.vmId);
   * ```
   */
  deleteVirtualMachineSnapshots(vmId: string, options?: CallOptions): Promise<JobSession>;
  /**
   * Reads a job session.
   * @example
   * ```ts
   * const session = await client.getJobSession("8");
   * ```
   */
  getJobSession(id: string, options?: CallOptions): Promise<JobSession>;
  /**
   * Polls a job session until it is final. Resolves with it on `Success` or `Warning`; rejects with a
   * `JobSessionError` on `Error`, `Failed` or `Canceled`, and with a `TimeoutError` after `timeoutMs`.
   * @example
   * ```ts
   * const done = await client.waitForJobSession(await client.deleteVirtualMachineSnapshots(vmId));
   * ```
   */
  waitForJobSession(session: JobSession | string, options?: WaitForJobSessionOptions): Promise<JobSession>;
}

const list = "/api/v1/virtualMachineSnapshots";
const remove = "/api/v1/virtualMachines/{id}/deleteSnapshots";
const read = "/api/v1/jobSessions/{id}";

function tokenSource(
  options: ClientOptions,
  requestToken: (form: TokenRequest) => Promise<TokenResponse>,
): TokenSource {
  const { token, credentials } = options;
  if (token !== undefined && credentials !== undefined)
    throw new TypeError("pass either token or credentials, not both");
  if (credentials !== undefined) {
    if (typeof credentials?.username !== "string" || credentials.username === "") {
      throw new TypeError("credentials.username must be a non-empty string");
    }
    if (typeof credentials.password !== "string" || credentials.password === "") {
      throw new TypeError("credentials.password must be a non-empty string");
    }
    return loginSession({ username: credentials.username, password: credentials.password }, requestToken);
  }
  if ((typeof token === "string" && token !== "") || typeof token === "function")
    return providedTokens(token);
  throw new TypeError("createClient needs a token (a string or a function returning one) or credentials");
}

function session(value: JobSession | undefined, what: string): JobSession {
  if (typeof value?.id !== "string" || typeof value.status !== "string") {
    throw new InvalidResponseError(
      `${what}: the response is not a job session (it needs a string id and status)`,
    );
  }
  return value;
}

function page(value: VirtualMachineSnapshotsPage | undefined): VirtualMachineSnapshotsPage {
  if (!Array.isArray(value?.results)) {
    throw new InvalidResponseError(
      `GET ${list}: the response is not a page of snapshots (it has no results array)`,
    );
  }
  return value;
}

/**
 * Creates a client for one appliance.
 *
 * @example
 * ```ts
 * import { createClient } from "veeam-azure-client";
 * const client = createClient({
 *   baseUrl: "https://abc.ukwest.cloudapp.azure.com",
 *   credentials: { username: "backupadmin", password: process.env.VBAZURE_PASSWORD ?? "" },
 * });
 * for await (const vm of client.listVirtualMachineSnapshots()) console.log(vm.name, vm.dataDisks?.length ?? 0);
 * ```
 */
export function createClient(options: ClientOptions): VeeamAzureClient {
  const resolved = resolveOptions(options);
  const api = createTransport({
    baseUrl: resolved.baseUrl,
    fetch: createAttemptFetch(resolved.fetch, resolved.timeoutMs) as typeof globalThis.fetch,
    headers: { Accept: "application/json, application/problem+json", "User-Agent": resolved.userAgent },
  });
  const requestToken = async (form: TokenRequest) => {
    const response = await unwrap<TokenResponse>(
      "POST",
      tokenPath,
      api.POST(tokenPath, {
        ...forUnwrap,
        body: form,
        bodySerializer: (body) => new URLSearchParams(body).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    if (typeof response.access_token !== "string" || !(response.expires_in > 0)) {
      throw new InvalidResponseError(`POST ${tokenPath}: the response has no access_token and expires_in`);
    }
    return response;
  };
  api.use(authMiddleware(tokenSource(options, requestToken)));
  if (resolved.retry) api.use(retryMiddleware(resolved.retry));

  const getJobSession = async (id: string, { signal }: CallOptions = {}) =>
    session(
      await unwrap<JobSession>(
        "GET",
        read,
        api.GET(read, {
          ...forUnwrap,
          params: { path: { id: requireId(id, "id") } },
          signal: signal ?? null,
        }),
      ),
      `GET ${read}`,
    );
  const getVirtualMachineSnapshotsPage = async ({ offset = 0, limit = 30, signal }: PageOptions = {}) => {
    const query = { offset: requireCount(offset, "offset", 0), limit: requireCount(limit, "limit", 1) };
    return page(
      await unwrap<VirtualMachineSnapshotsPage>(
        "GET",
        list,
        api.GET(list, { ...forUnwrap, params: { query }, signal: signal ?? null }),
      ),
    );
  };

  return {
    api,
    getVirtualMachineSnapshotsPage,
    listVirtualMachineSnapshots({ pageSize = 30, concurrency = 1, signal } = {}) {
      return paginate({
        fetchPage: (offset, limit, pageSignal) =>
          getVirtualMachineSnapshotsPage({ offset, limit, signal: pageSignal }),
        key: (vm) => vm.vmId,
        pageSize: requireCount(pageSize, "pageSize", 1),
        concurrency: requireCount(concurrency, "concurrency", 1),
        signal,
      });
    },
    async deleteVirtualMachineSnapshots(vmId, { signal } = {}) {
      const path = { id: requireId(vmId, "vmId") };
      return session(
        await unwrap<JobSession>(
          "POST",
          remove,
          api.POST(remove, { ...forUnwrap, params: { path }, signal: signal ?? null }),
        ),
        `POST ${remove}`,
      );
    },
    getJobSession,
    async waitForJobSession(start, { intervalMs = 2_000, timeoutMs = 3_600_000, ...rest } = {}) {
      requireCount(intervalMs, "intervalMs", 0);
      requireCount(timeoutMs, "timeoutMs", 1);
      const first =
        typeof start === "string" ? await getJobSession(start, rest) : session(start, "waitForJobSession");
      requireId(first.id, "session id");
      return waitForJobSession((id, signal) => getJobSession(id, signal ? { signal } : {}), first, {
        ...rest,
        intervalMs,
        timeoutMs,
      });
    },
  };
}
