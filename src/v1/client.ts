// The client of API v1 (product 1.0): the version-neutral operations (core/client.ts) bound to v1's paths and
// models (bindings.ts), with v1's types.
import { type CallOptions, openClient } from "../core/client.js";
import type { ClientOptions } from "../core/options.js";
import type { PagedAsyncIterableIterator } from "../core/pagination.js";
import type { WaitForJobSessionOptions } from "../core/waitForJobSession.js";
import { v1Binding } from "./bindings.js";
import type { JobSession, VirtualMachineSnapshot, VirtualMachineSnapshotsPage } from "./models.js";
import type { TransportV1 } from "./transport.js";

/** Options of a v1 client's `getVirtualMachineSnapshotsPage`: v1's list has no filters. */
export interface PageOptionsV1 extends CallOptions {
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

/** Options of a v1 client's `listVirtualMachineSnapshots`. */
export interface ListOptionsV1 extends CallOptions {
  /**
   * Items to ask for per page.
   * @default 30
   */
  pageSize?: number | undefined;
  /**
   * Page requests in flight at once, ahead of the page being read (see `ListOptions.concurrency`).
   * @default 2
   */
  concurrency?: number | undefined;
}

/** A client of an appliance that speaks API v1 (product 1.0). Create it with `createClient({ apiVersion: "v1" })`. */
export interface VeeamAzureClientV1 {
  /** The API version it speaks. @example "v1" */
  readonly apiVersion: "v1";
  /**
   * The openapi-fetch client typed by the v1 spec's paths, through the same pipeline (retry, auth, timeout,
   * ...), for calls the methods below do not cover. It returns `{ data, error, response }` rather than
   * throwing.
   * @example
   * ```ts
   * const { data } = await client.api.GET("/api/v1/jobSessions/{id}", { params: { path: { id: "8" } } });
   * ```
   */
  readonly api: TransportV1;
  /**
   * Reads one page of virtual machine snapshots.
   * @example
   * ```ts
   * const page = await client.getVirtualMachineSnapshotsPage({ offset: 0, limit: 100 });
   * ```
   */
  getVirtualMachineSnapshotsPage(options?: PageOptionsV1): Promise<VirtualMachineSnapshotsPage>;
  /**
   * Iterates over every virtual machine snapshot, fetching pages as needed (and ahead).
   * @example
   * ```ts
   * for await (const vm of client.listVirtualMachineSnapshots({ pageSize: 100 })) console.log(vm.name);
   * ```
   */
  listVirtualMachineSnapshots(
    options?: ListOptionsV1,
  ): PagedAsyncIterableIterator<VirtualMachineSnapshot, VirtualMachineSnapshotsPage>;
  /**
   * Starts removing a virtual machine's snapshots and returns the job session doing it. Not retried after the
   * request may have reached the appliance. v1 has no batch or manual-only delete.
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
 * Creates a client of an appliance that speaks API v1 (product 1.0). The package's main entry has the same
 * `createClient` for every version; this entry (`veeam-azure-client/v1`) carries v1 alone.
 *
 * @example
 * ```ts
 * import { createClient } from "veeam-azure-client/v1";
 * const client = createClient({ baseUrl: "https://abc.ukwest.cloudapp.azure.com", credentials });
 * ```
 */
export function createClient(options: ClientOptions & { apiVersion?: "v1" | undefined }): VeeamAzureClientV1 {
  return openClient(options, ["v1"], "v1", () => v1Binding) as unknown as VeeamAzureClientV1;
}
