// What one API version contributes to the version-neutral client (client.ts): its paths, how it spells the list's
// query, its page size, the shapes of its answers and the statuses that end its job sessions. Each version
// declares this once (src/v1/bindings.ts, src/v8_1/bindings.ts); nothing else in the client knows versions.
import type { ApiVersion } from "./apiVersion.js";
import type { JobSessionLike } from "./errors.js";
import type { OffsetPage } from "./pagination.js";
import type { Shape } from "./unwrap.js";
import type { SessionOutcomes } from "./waitForJobSession.js";

/** The list's filters, in the client's own names; only versions that have them accept them. */
export interface ListFilters {
  /**
   * Only the snapshots of this virtual machine (its `vmId`; the query's `VirtualMachineId`).
   * @default undefined (every VM)
   * @example "/subscriptions/.../virtualMachines/vm1"
   */
  vmId?: string | undefined;
  /**
   * Only the snapshots of this restore point (a UUID; the query's `RestorePointId`).
   * @default undefined (every restore point)
   * @example "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a"
   */
  restorePointId?: string | undefined;
}

/** A version's operation paths, as its spec spells them (openapi-fetch fills the `{...}` parameters). */
export interface BoundPaths {
  list: string;
  jobSession: string;
  /** The product version (`system/about`), where the version has it. */
  systemInfo?: string | undefined;
}

/** A delete as a version sends it: the operation's path and what fills it (a path parameter, or a body). */
export interface DeleteRequest {
  /** @example "/api/v8.1/protectedItem/virtualMachines/{id}/deleteSnapshots" */
  path: string;
  params?: { path: Record<string, string> };
  body?: unknown;
}

/** How the client speaks one API version. */
export interface VersionBinding<TItem = unknown, TPage extends OffsetPage<TItem> = OffsetPage<TItem>> {
  /** @example "v8.1" */
  apiVersion: ApiVersion;
  paths: BoundPaths;
  /** Name of the job session path's parameter. @example "sessionId" */
  jobSessionParameter: string;
  /** Page size when none is given (the version's documented default). @example 100 */
  defaultPageSize: number;
  /** The filters checked (a TypeError naming the bad one, or saying the version has none), before any request. */
  checkFilters(filters: ListFilters): ListFilters;
  /** The list's query as the version spells it. */
  listQuery(offset: number, limit: number, filters: ListFilters): Record<string, string | number>;
  /**
   * The request that deletes the snapshots of `vmId` (one VM, or an array of them), only the manual ones with
   * `manualOnly`; a TypeError, before any request, for a bad id or what the version lacks.
   */
  deleteRequest(vmId: unknown, manualOnly: boolean): DeleteRequest;
  /** Whether a delete may answer 204 (nothing to delete) instead of a session. */
  noContentOnDelete: boolean;
  /** The collection's size where a page says. */
  total?(page: TPage): number | null | undefined;
  /** An item's identity, for paging's repeated-page check. */
  key(item: TItem): string;
  pageShape: Shape<TPage>;
  sessionShape: Shape<JobSessionLike>;
  systemInfoShape?: Shape<unknown> | undefined;
  sessionOutcomes: SessionOutcomes;
}
