// The client of API v8.1, and of v8, v7 and v6 (the same operations under their own prefix): the
// version-neutral operations (core/client.ts) bound to bindings.ts, with the v8.1 types.
import { apiVersions, type CurrentApiVersion } from "../core/apiVersion.js";
import {
  type CallOptions,
  type DeleteOptions,
  type ListOptions,
  openClient,
  type PageOptions,
} from "../core/client.js";
import type { ClientOptions } from "../core/options.js";
import type { PagedAsyncIterableIterator } from "../core/pagination.js";
import type { WaitForJobSessionOptions } from "../core/waitForJobSession.js";
import { currentBinding } from "./bindings.js";
import type {
  JobSession,
  SystemInfo,
  VirtualMachineSnapshot,
  VirtualMachineSnapshotsPage,
} from "./models.js";
import type { TransportV8_1 } from "./transport.js";

/** The versions this client speaks: v8.1 and the three before it, which share its operations. */
export const currentApiVersions = apiVersions.filter(
  (version): version is CurrentApiVersion => version !== "v1",
) as readonly CurrentApiVersion[];

/**
 * A client of an appliance that speaks API `V`: v8.1 (the default), v8, v7 or v6. Create it with
 * `createClient({ apiVersion })`.
 */
export interface VeeamAzureClientV8_1<V extends CurrentApiVersion = "v8.1"> {
  /** The API version it speaks. @example "v8.1" */
  readonly apiVersion: V;
  /**
   * The openapi-fetch client typed by the spec's paths under this version's prefix, through the same pipeline
   * (retry, auth, timeout, ...), for calls the methods below do not cover. It returns `{ data, error, response }`
   * rather than throwing.
   * @example
   * ```ts
   * const { data } = await client.api.GET("/api/v8.1/jobSessions/{sessionId}", { params: { path: { sessionId } } });
   * ```
   */
  readonly api: TransportV8_1<V>;
  /**
   * Reads one page of virtual machine snapshots, optionally of one VM or one restore point. The page says how
   * many there are in all (`totalCount`).
   * @example
   * ```ts
   * const page = await client.getVirtualMachineSnapshotsPage({ offset: 0, limit: 100, vmId });
   * ```
   */
  getVirtualMachineSnapshotsPage(options?: PageOptions): Promise<VirtualMachineSnapshotsPage>;
  /**
   * Iterates over every virtual machine snapshot (of one VM or restore point, if given), fetching pages as
   * needed (and ahead).
   * @example
   * ```ts
   * for await (const vm of client.listVirtualMachineSnapshots()) console.log(vm.name, vm.osDisk?.diskName);
   * ```
   */
  listVirtualMachineSnapshots(
    options?: ListOptions,
  ): PagedAsyncIterableIterator<VirtualMachineSnapshot, VirtualMachineSnapshotsPage>;
  /**
   * Starts removing the snapshots of one VM, or of several in one batch request (an array of vmIds), and
   * returns the job session doing it; `null` when the appliance answers 204 (nothing to delete). With
   * `manualOnly`, only the snapshots created manually. Not retried after the request may have reached the
   * appliance.
   * @example
   * ```ts
   * const session = await client.deleteVirtualMachineSnapshots([vmIdA, vmIdB]);
   * if (session) await client.waitForJobSession(session);
   * ```
   */
  deleteVirtualMachineSnapshots(
    vmId: string | readonly string[],
    options?: DeleteOptions,
  ): Promise<JobSession | null>;
  /**
   * Reads a job session.
   * @example
   * ```ts
   * const session = await client.getJobSession("0f3c9d1e-5a7b-4c2d-9e8f-1a2b3c4d5e6f");
   * ```
   */
  getJobSession(id: string, options?: CallOptions): Promise<JobSession>;
  /**
   * Polls a job session until it is final. Resolves with it on `Success` or `Warning`; rejects with a
   * `JobSessionError` on `Error`, `Canceled` or `NeverExecuted`, and with a `TimeoutError` after `timeoutMs`.
   * `Pending`, `Running...`, `Canceling` and statuses it does not know keep it polling.
   * @example
   * ```ts
   * const session = await client.deleteVirtualMachineSnapshots(vmId);
   * if (session) await client.waitForJobSession(session);
   * ```
   */
  waitForJobSession(
    session: JobSession | string,
    options?: WaitForJobSessionOptions<JobSession>,
  ): Promise<JobSession>;
  /**
   * Reads the product's versions (`GET /system/about`): `serverVersion` is the product version.
   * @example
   * ```ts
   * const { serverVersion } = await client.getSystemInfo();
   * ```
   */
  getSystemInfo(options?: CallOptions): Promise<SystemInfo>;
}

/**
 * Creates a client of an appliance that speaks API v8.1 (the default), v8, v7 or v6. The package's main entry
 * has the same `createClient` for every version; this entry (`veeam-azure-client/v8.1`) carries these alone.
 *
 * @example
 * ```ts
 * import { createClient } from "veeam-azure-client/v8.1";
 * const client = createClient({ baseUrl: "https://abc.ukwest.cloudapp.azure.com", credentials, apiVersion: "v8" });
 * ```
 */
export function createClient(
  options: ClientOptions & { apiVersion?: undefined },
): VeeamAzureClientV8_1<"v8.1">;
export function createClient<V extends CurrentApiVersion>(
  options: ClientOptions & { apiVersion: V },
): VeeamAzureClientV8_1<V>;
export function createClient(
  options: ClientOptions & { apiVersion?: CurrentApiVersion | undefined },
): VeeamAzureClientV8_1<CurrentApiVersion>;
export function createClient(
  options: ClientOptions & { apiVersion?: CurrentApiVersion | undefined },
): unknown {
  return openClient(options, currentApiVersions, "v8.1", currentBinding);
}
