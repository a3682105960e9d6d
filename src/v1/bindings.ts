// What is particular to API v1 (product 1.0), in one place: its paths, its query names, its page size, and the
// checks of its answers. The version-neutral client (core/client.ts) is bound to these.
import type { VersionBinding } from "../core/binding.js";
import { pageOf, sessionShape } from "../core/shapes.js";
import { unsupported } from "../core/unsupported.js";
import { requireId } from "../core/validation.js";
import { outcomesOf } from "../core/waitForJobSession.js";
import { failedStatuses, finalStatuses } from "./jobStatuses.js";
import type { VirtualMachineSnapshot, VirtualMachineSnapshotsPage } from "./models.js";

/** How the client speaks v1. */
export const v1Binding: VersionBinding<VirtualMachineSnapshot, VirtualMachineSnapshotsPage> = {
  apiVersion: "v1",
  paths: {
    list: "/api/v1/virtualMachineSnapshots",
    jobSession: "/api/v1/jobSessions/{id}",
  },
  jobSessionParameter: "id",
  // The v1 documentation's default (the seed page's `limit=30`).
  defaultPageSize: 30,
  // The list has no filters, and its query is lower case.
  checkFilters: ({ vmId, restorePointId }) =>
    vmId === undefined && restorePointId === undefined
      ? {}
      : unsupported("v1", "list filters (vmId, restorePointId)"),
  listQuery: (offset, limit) => ({ offset, limit }),
  // One VM at a time, all its snapshots (the v1 page: "snapshots that were created manually"; v8.1 split that).
  deleteRequest(vmId, manualOnly) {
    if (Array.isArray(vmId)) unsupported("v1", "batch delete (an array of vmIds)");
    if (manualOnly) unsupported("v1", "manual-only delete");
    return {
      path: "/api/v1/virtualMachines/{id}/deleteSnapshots",
      params: { path: { id: requireId(vmId, "vmId") } },
    };
  },
  // The v1 page documents 200 with a session as the only success.
  noContentOnDelete: false,
  key: (vm) => vm.vmId,
  pageShape: pageOf<VirtualMachineSnapshotsPage>(),
  sessionShape,
  // v1's `Success` and `Warning` succeed; `Error`, `Failed` and `Canceled` fail.
  sessionOutcomes: outcomesOf(finalStatuses, failedStatuses),
};
