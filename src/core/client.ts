// The client's operations, written once for every API version: each call is bound to a version by its
// VersionBinding (paths, query names, filters, deletes, page size, shapes, job statuses). What a version lacks
// (filters, batch or manual-only deletes, system/about on v1) is a TypeError before any request.
import { type ApiVersion, requireApiVersion } from "./apiVersion.js";
import type { ListFilters, VersionBinding } from "./binding.js";
import { type Connection, connect } from "./connection.js";
import type { JobSessionLike } from "./errors.js";
import type { ClientOptions } from "./options.js";
import { type PagedAsyncIterableIterator, paginate } from "./pagination.js";
import { unsupported } from "./unsupported.js";
import { asText, unwrap, unwrapOrNoContent } from "./unwrap.js";
import { requireCount, requireId } from "./validation.js";
import { type WaitForJobSessionOptions, waitForJobSession } from "./waitForJobSession.js";

/** Options of a single call. */
export interface CallOptions {
  /** Cancels the call (and its retries) when aborted; the call then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Options of `getVirtualMachineSnapshotsPage`. */
export interface PageOptions extends CallOptions, ListFilters {
  /**
   * Items to skip.
   * @default 0
   */
  offset?: number | undefined;
  /**
   * Items to ask for (the appliance may return fewer).
   * @default 100 (30 on v1)
   */
  limit?: number | undefined;
}

/** Options of `listVirtualMachineSnapshots`. */
export interface ListOptions extends CallOptions, ListFilters {
  /**
   * Items to ask for per page.
   * @default 100 (30 on v1)
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

/** Options of `deleteVirtualMachineSnapshots` (v6 and later). */
export interface DeleteOptions extends CallOptions {
  /**
   * Remove only the snapshots that were created manually (`deleteManualSnapshots`), not those a policy made.
   * @default false
   */
  manualOnly?: boolean | undefined;
}

/** The client's methods, untyped by version; each version's client interface gives them their types. */
export interface BoundClient {
  readonly apiVersion: ApiVersion;
  // biome-ignore lint/suspicious/noExplicitAny: each version's client gives `api` its own paths' type
  readonly api: any;
  getVirtualMachineSnapshotsPage(options?: PageOptions): Promise<unknown>;
  listVirtualMachineSnapshots(options?: ListOptions): PagedAsyncIterableIterator<unknown, unknown>;
  deleteVirtualMachineSnapshots(vmId: string | readonly string[], options?: DeleteOptions): Promise<unknown>;
  getJobSession(id: string, options?: CallOptions): Promise<JobSessionLike>;
  waitForJobSession(
    session: JobSessionLike | string,
    options?: WaitForJobSessionOptions<JobSessionLike>,
  ): Promise<JobSessionLike>;
  getSystemInfo(options?: CallOptions): Promise<unknown>;
}

/**
 * The client of `binding`'s version over `connection`.
 *
 * @example
 * ```ts
 * const client = bindClient(connect(options), v1Binding);
 * ```
 */
export function bindClient(connection: Connection, binding: VersionBinding): BoundClient {
  const { get, post } = connection;
  const { apiVersion, paths } = binding;
  const getJobSession = async (id: string, { signal }: CallOptions = {}) =>
    unwrap(
      { method: "GET", pathTemplate: paths.jobSession },
      get(paths.jobSession, {
        ...asText,
        params: { path: { [binding.jobSessionParameter]: requireId(id, "id") } },
        signal: signal ?? null,
      }),
      binding.sessionShape,
    );
  const fetchPage = (offset: number, limit: number, filters: ListFilters, signal: AbortSignal | null) =>
    unwrap(
      { method: "GET", pathTemplate: paths.list },
      get(paths.list, { ...asText, params: { query: binding.listQuery(offset, limit, filters) }, signal }),
      binding.pageShape,
    );

  return {
    apiVersion,
    api: connection.api,
    async getVirtualMachineSnapshotsPage({
      offset = 0,
      limit = binding.defaultPageSize,
      signal,
      ...filters
    }: PageOptions = {}) {
      return fetchPage(
        requireCount(offset, "offset", 0),
        requireCount(limit, "limit", 1),
        binding.checkFilters(filters),
        signal ?? null,
      );
    },
    listVirtualMachineSnapshots({
      pageSize = binding.defaultPageSize,
      concurrency = 2,
      signal,
      ...filters
    }: ListOptions = {}) {
      const checked = binding.checkFilters(filters);
      return paginate({
        // byPage({ pageSize }) comes here unchecked: -1 would be v6+'s undocumented "everything".
        fetchPage: (offset, limit, pageSignal) =>
          fetchPage(offset, requireCount(limit, "pageSize", 1), checked, pageSignal),
        key: binding.key,
        total: binding.total,
        pageSize: requireCount(pageSize, "pageSize", 1),
        concurrency: requireCount(concurrency, "concurrency", 1),
        signal,
      });
    },
    async deleteVirtualMachineSnapshots(vmId, { signal, manualOnly = false } = {}) {
      if (typeof manualOnly !== "boolean") throw new TypeError("manualOnly must be true or false");
      const { path, ...init } = binding.deleteRequest(vmId, manualOnly);
      const call = post(path, { ...asText, ...init, signal: signal ?? null });
      const operation = { method: "POST", pathTemplate: path };
      return binding.noContentOnDelete
        ? unwrapOrNoContent(operation, call, binding.sessionShape)
        : unwrap(operation, call, binding.sessionShape);
    },
    getJobSession,
    async waitForJobSession(start, { intervalMs = 2_000, timeoutMs = 3_600_000, ...rest } = {}) {
      requireCount(intervalMs, "intervalMs", 0);
      requireCount(timeoutMs, "timeoutMs", 1);
      if (start === null) {
        throw new TypeError(
          "waitForJobSession got null: the delete answered 204 (nothing to delete), so there is no session to wait for",
        );
      }
      const first = typeof start === "string" ? await getJobSession(start, rest) : start;
      if (!binding.sessionShape.valid(first))
        throw new TypeError("waitForJobSession needs a job session (with an id and status) or an id");
      requireId(first.id, "session id");
      return waitForJobSession(
        (id, signal) => getJobSession(id, signal ? { signal } : {}),
        first,
        binding.sessionOutcomes,
        { ...rest, intervalMs, timeoutMs },
      );
    },
    async getSystemInfo({ signal }: CallOptions = {}) {
      const { systemInfo } = paths;
      if (systemInfo === undefined || !binding.systemInfoShape)
        return unsupported(apiVersion, "system/about (getSystemInfo)");
      return unwrap(
        { method: "GET", pathTemplate: systemInfo },
        get(systemInfo, { ...asText, signal: signal ?? null }),
        binding.systemInfoShape,
      );
    },
  };
}

/**
 * The client `options` ask for: of their `apiVersion` (`fallback` when they name none), which must be one of
 * `supported` (a TypeError naming them, before any request, and before the options are checked), bound by
 * `bindingOf`. Every entry's `createClient` is this, with its own versions.
 *
 * @example
 * ```ts
 * openClient(options, ["v1"], "v1", () => v1Binding);
 * ```
 */
export function openClient<V extends ApiVersion>(
  options: ClientOptions,
  supported: readonly V[],
  fallback: V,
  bindingOf: (apiVersion: V) => VersionBinding,
): BoundClient {
  const apiVersion = requireApiVersion(
    options?.apiVersion === undefined ? fallback : options.apiVersion,
    supported,
  );
  return bindClient(connect(options), bindingOf(apiVersion));
}
