// What each operation of the specs does to the mock's state, the same for every version except where the
// versions differ (versions.md, "The four operations in v8.1"): v1 pages with `offset`/`limit` (30 by default),
// v6+ with `Offset`/`Limit` (100 by default, -1 for all) and filters and `totalCount`; a v1 delete answers 200
// with the session, a v6+ one 202, or 204 when there is nothing to delete (v1 has no 204: a VM without snapshots
// is a 404 there).

import { restorePointIdOf } from "./generatedVm.js";
import type { Inventory } from "./inventory.js";
import type { Sessions } from "./sessions.js";
import type { MockVm } from "./types.js";
import { currentVm, sessionView, v1Vm } from "./views.js";

/** An answer before it becomes a Response: a status, a JSON body (or none) and headers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A 4xx/5xx the mock writes as a problem: the sentence saying what was wrong. */
  problem?: string;
}

/** What an operation is given. */
export interface OperationContext {
  /** The version prefix the request used, such as `v7`. */
  version: string;
  /** The request's origin, for links. */
  origin: string;
  /** The request path (for `instance` and `self` links). */
  url: URL;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  now: number;
  inventory: Inventory;
  sessions: Sessions;
  pageCap: number;
  serverVersion: string;
}

const notFound = (problem: string): Answer => ({ status: 404, problem });

function listSnapshots(context: OperationContext): Answer {
  const v1 = context.version === "v1";
  const query = context.query;
  const offset = Number(query[v1 ? "offset" : "Offset"] ?? 0);
  const requested = Number(query[v1 ? "limit" : "Limit"] ?? (v1 ? 30 : 100));
  // Limit -1 is undocumented and probably "all" (versions.md); like a larger limit, it is capped.
  const limit = requested === -1 ? context.pageCap : Math.min(requested, context.pageCap);
  const view = v1 ? v1Vm : currentVm;
  const self = { self: { href: `${context.origin}${context.url.pathname}${context.url.search}` } };
  if (v1) {
    const results = context.inventory.page(offset, limit).map(view);
    return { status: 200, body: { offset, limit, results, _links: self } };
  }
  const vmId = query.VirtualMachineId as string | undefined;
  const restorePointId = query.RestorePointId as string | undefined;
  if (vmId === undefined && restorePointId === undefined) {
    const results = context.inventory.page(offset, limit).map(view);
    return {
      status: 200,
      body: { offset, limit, totalCount: context.inventory.count, results, _links: self },
    };
  }
  // A filter matches at most one item of this inventory (a VM has one restore point here).
  const candidates = new Set<number>();
  for (const position of [
    vmId === undefined ? undefined : (context.inventory.find(vmId) ?? -1),
    restorePointId === undefined ? undefined : (context.inventory.findRestorePoint(restorePointId) ?? -1),
  ]) {
    if (position !== undefined) candidates.add(position);
  }
  const [position] = candidates;
  const matches: MockVm[] =
    candidates.size === 1 && position !== undefined && position >= 0 && !context.inventory.isRemoved(position)
      ? [context.inventory.at(position)]
      : [];
  const checked = matches.filter(
    (vm) =>
      (vmId === undefined || vm.vmId === vmId) &&
      (restorePointId === undefined || restorePointIdOf(vm)?.toLowerCase() === restorePointId.toLowerCase()),
  );
  const results = checked.slice(offset, offset + limit).map(view);
  return { status: 200, body: { offset, limit, totalCount: checked.length, results, _links: self } };
}

/** The VMs named, each with its position, or the ids the inventory never had. */
function resolve(context: OperationContext, ids: readonly string[]) {
  const found: { position: number; vmId: string }[] = [];
  const unknown: string[] = [];
  for (const vmId of ids) {
    const position = context.inventory.find(vmId);
    if (position === undefined) unknown.push(vmId);
    else found.push({ position, vmId });
  }
  return { found, unknown };
}

function deleteSnapshots(context: OperationContext, ids: readonly string[], manualOnly: boolean): Answer {
  const { found, unknown } = resolve(context, ids);
  if (unknown.length > 0) {
    return notFound(
      unknown.length === 1
        ? `No virtual machine ${unknown[0]} is protected by this appliance; nothing was deleted.`
        : `No virtual machines ${unknown.join(", ")} are protected by this appliance; nothing was deleted.`,
    );
  }
  const seen = new Set<number>();
  const targets = found.filter(({ position }) => {
    if (seen.has(position)) return false;
    seen.add(position);
    if (context.inventory.isRemoved(position)) return false;
    return !manualOnly || context.inventory.at(position).manual === true;
  });
  const v1 = context.version === "v1";
  if (targets.length === 0) {
    return v1 ? notFound(`Virtual machine ${ids[0]} has no snapshots to delete.`) : { status: 204 };
  }
  const session = context.sessions.start(manualOnly ? "ManualSnapshotDeletion" : "SnapshotDeletion", targets);
  return {
    status: v1 ? 200 : 202,
    body: sessionView(session, context.version, context.origin, context.now),
  };
}

function batchIds(body: unknown): string[] {
  return (body as { ids: string[] }).ids;
}

function getJobSession(context: OperationContext): Answer {
  const id = context.params.sessionId ?? context.params.id ?? "";
  const session = context.sessions.get(id);
  if (!session) return notFound(`No job session ${id} exists on this appliance.`);
  return { status: 200, body: sessionView(session, context.version, context.origin, context.now) };
}

function getSystemInfo(context: OperationContext): Answer {
  const version = context.serverVersion;
  return {
    status: 200,
    body: {
      serverVersion: version,
      workerVersion: version,
      flrVersion: version,
      databaseId: "00000000-0000-4000-8000-00000000d8b1",
      copyright: "Mock appliance of veeam-azure-client",
      deploymentSubscriptionId: "00000000-0000-4000-8000-0000000005b5",
    },
  };
}

/**
 * The operations the mock implements, by operationId (the same in every version's spec). The token operation is
 * not here: it is the appliance's own (tokens.ts).
 *
 * @example
 * ```ts
 * operations.getJobSession?.(context);
 * ```
 */
export const operations: Readonly<Record<string, (context: OperationContext) => Answer>> = {
  listVirtualMachineSnapshots: listSnapshots,
  deleteVirtualMachineSnapshots: (c) => deleteSnapshots(c, [c.params.id ?? ""], false),
  deleteVirtualMachineManualSnapshots: (c) => deleteSnapshots(c, [c.params.id ?? ""], true),
  batchDeleteVirtualMachineSnapshots: (c) => deleteSnapshots(c, batchIds(c.body), false),
  batchDeleteVirtualMachineManualSnapshots: (c) => deleteSnapshots(c, batchIds(c.body), true),
  getJobSession,
  getSystemInfo,
};
