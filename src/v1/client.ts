// createClient for API v1: the typed transport behind the client's pipeline (retry, auth, timeout, redirect,
// body; see core/clientPipeline.ts), and the operations as methods that return data or throw a typed error.
import { tokenSourceFor } from "../core/auth/tokenSource.js";
import { clientFetch, tokenPath } from "../core/clientPipeline.js";
import { type ClientOptions, resolveOptions } from "../core/options.js";
import { OutgoingRequest } from "../core/outgoingRequest.js";
import { type PagedAsyncIterableIterator, paginate } from "../core/pagination.js";
import { asText, unwrap } from "../core/unwrap.js";
import { requireCount, requireId } from "../core/validation.js";
import { type WaitForJobSessionOptions, waitForJobSession } from "../core/waitForJobSession.js";
import {
  defaultPageSize,
  isJobSession,
  listQuery,
  pageShape,
  paths,
  sessionOutcomes,
  sessionShape,
  tokenShape,
} from "./bindings.js";
import type {
  JobSession,
  TokenRequest,
  VirtualMachineSnapshot,
  VirtualMachineSnapshotsPage,
} from "./models.js";
import { createTransport, type Transport } from "./transport.js";

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
   * Page requests in flight at once, ahead of the page being read. With the default two, the next page is
   * requested while the current one is still arriving, so the appliance's latency overlaps the transfer, the
   * parsing and your work on the current page; `1` asks for a page only once the previous one has arrived.
   * Raise it for slow links. Memory holds at most this many pages besides the current one.
   * @default 2
   */
  concurrency?: number | undefined;
}

/** A client for one appliance. Create it with {@link createClient}. */
export interface VeeamAzureClient {
  /**
   * The openapi-fetch client typed by the spec's paths, through the same pipeline (retry, auth, timeout,
   * ...), for calls the methods below do not cover. It returns `{ data, error, response }` rather than
   * throwing.
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
  waitForJobSession(
    session: JobSession | string,
    options?: WaitForJobSessionOptions<JobSession>,
  ): Promise<JobSession>;
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
  // The token request goes through the same pipeline (the auth policy lets it pass without a bearer token).
  const requestToken = (form: TokenRequest) =>
    unwrap(
      { method: "POST", pathTemplate: tokenPath },
      api.POST(tokenPath, {
        ...asText,
        body: form,
        bodySerializer: (body) => new URLSearchParams(body).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      tokenShape,
    );
  const api = createTransport({
    baseUrl: resolved.baseUrl,
    // openapi-fetch's documented option for the class it makes requests with: a light one (outgoingRequest.ts).
    Request: OutgoingRequest as unknown as typeof Request,
    fetch: clientFetch(resolved, tokenSourceFor(options, requestToken)) as (
      request: Request,
    ) => Promise<Response>,
    headers: { Accept: "application/json, application/problem+json", "User-Agent": resolved.userAgent },
  });

  const getJobSession = async (id: string, { signal }: CallOptions = {}) =>
    unwrap(
      { method: "GET", pathTemplate: paths.jobSession },
      api.GET(paths.jobSession, {
        ...asText,
        params: { path: { id: requireId(id, "id") } },
        signal: signal ?? null,
      }),
      sessionShape,
    );
  const getVirtualMachineSnapshotsPage = async ({
    offset = 0,
    limit = defaultPageSize,
    signal,
  }: PageOptions = {}) => {
    const query = listQuery(requireCount(offset, "offset", 0), requireCount(limit, "limit", 1));
    return unwrap(
      { method: "GET", pathTemplate: paths.list },
      api.GET(paths.list, { ...asText, params: { query }, signal: signal ?? null }),
      pageShape,
    );
  };

  return {
    api,
    getVirtualMachineSnapshotsPage,
    listVirtualMachineSnapshots({ pageSize = defaultPageSize, concurrency = 2, signal } = {}) {
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
      return unwrap(
        { method: "POST", pathTemplate: paths.deleteSnapshots },
        api.POST(paths.deleteSnapshots, { ...asText, params: { path }, signal: signal ?? null }),
        sessionShape,
      );
    },
    getJobSession,
    async waitForJobSession(start, { intervalMs = 2_000, timeoutMs = 3_600_000, ...rest } = {}) {
      requireCount(intervalMs, "intervalMs", 0);
      requireCount(timeoutMs, "timeoutMs", 1);
      const first = typeof start === "string" ? await getJobSession(start, rest) : start;
      if (!isJobSession(first))
        throw new TypeError("waitForJobSession needs a job session (with an id and status) or an id");
      requireId(first.id, "session id");
      return waitForJobSession(
        (id, signal) => getJobSession(id, signal ? { signal } : {}),
        first,
        sessionOutcomes,
        { ...rest, intervalMs, timeoutMs },
      );
    },
  };
}
