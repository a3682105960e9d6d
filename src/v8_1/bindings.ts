// What is particular to API v8.1, in one place: its paths, its query names, its page size, the checks of its
// answers and its job statuses. v6, v7 and v8 serve the same operations under their own prefix
// (../shared/reference/versions.md: the paths and paging parameters are the same from v4 on).
import type { CurrentApiVersion } from "../core/apiVersion.js";
import type { VersionBinding } from "../core/binding.js";
import { pageOf, sessionShape } from "../core/shapes.js";
import type { Shape } from "../core/unwrap.js";
import { requireId, requireIds, requireUuid } from "../core/validation.js";
import { outcomesOf } from "../core/waitForJobSession.js";
import { failedStatuses, finalStatuses } from "./jobStatuses.js";
import type { SystemInfo, VirtualMachineSnapshot, VirtualMachineSnapshotsPage } from "./models.js";

const systemInfoShape: Shape<SystemInfo> = {
  what: "the system's versions (not an object)",
  valid: (value): value is SystemInfo => typeof value === "object" && value !== null && !Array.isArray(value),
};

/**
 * How the client speaks `apiVersion` (v6, v7, v8 or v8.1).
 *
 * @example
 * ```ts
 * const binding = currentBinding("v8");
 * binding.paths.list; // "/api/v8/restorePoints/virtualMachines/snapshots"
 * ```
 */
export function currentBinding(
  apiVersion: CurrentApiVersion,
): VersionBinding<VirtualMachineSnapshot, VirtualMachineSnapshotsPage> {
  const prefix = `/api/${apiVersion}`;
  const vms = `${prefix}/protectedItem/virtualMachines`;
  return {
    apiVersion,
    paths: {
      list: `${prefix}/restorePoints/virtualMachines/snapshots`,
      jobSession: `${prefix}/jobSessions/{sessionId}`,
      systemInfo: `${prefix}/system/about`,
    },
    jobSessionParameter: "sessionId",
    // The v8.1 overview's default page size (v1's was 30).
    defaultPageSize: 100,
    checkFilters: ({ vmId, restorePointId }) => ({
      vmId: vmId === undefined ? undefined : requireId(vmId, "vmId"),
      restorePointId:
        restorePointId === undefined ? undefined : requireUuid(restorePointId, "restorePointId"),
    }),
    // Capitalised, and the appliance matches query names case-sensitively: `offset` would be ignored.
    listQuery: (offset, limit, { vmId, restorePointId }) => ({
      Offset: offset,
      Limit: limit,
      ...(vmId === undefined ? {} : { VirtualMachineId: vmId }),
      ...(restorePointId === undefined ? {} : { RestorePointId: restorePointId }),
    }),
    // One VM by its id in the path, or many (deduplicated) as `{ ids }` in one batch request; all its
    // snapshots, or with `manualOnly` only those created manually.
    deleteRequest(vmId, manualOnly) {
      const operation = manualOnly ? "deleteManualSnapshots" : "deleteSnapshots";
      return Array.isArray(vmId)
        ? { path: `${vms}/${operation}`, body: { ids: requireIds(vmId, "vmIds") } }
        : { path: `${vms}/{id}/${operation}`, params: { path: { id: requireId(vmId, "vmId") } } };
    },
    // 202 with the session, or 204 when the VM has nothing to delete.
    noContentOnDelete: true,
    total: (page) => page.totalCount,
    // A VM has one item per restore point here (the list is under restorePoints/), so the vmId alone is no
    // item's identity: with its disks' snapshots and its links (to its restore point) it is.
    key: (vm) =>
      [
        vm.vmId,
        vm.osDisk?.diskId,
        ...(vm.dataDisks ?? []).map((disk) => disk.diskId),
        ...Object.values(vm._links ?? {}).map((link) => link?.href),
      ].join(" "),
    pageShape: pageOf<VirtualMachineSnapshotsPage>(),
    sessionShape,
    systemInfoShape,
    sessionOutcomes: outcomesOf(finalStatuses, failedStatuses),
  };
}
