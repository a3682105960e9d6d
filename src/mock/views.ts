// How the mock's state reads in each API version: the inventory is kept in the v8.1 model and v1's view derived
// from it (versions.md, "Models: what changed from v1": `diskName` was v1's `name`, v8.1-only fields dropped,
// v1 has no nulls); job sessions are written per version (v1 carries `usn`, v8.1 `localizedType`).
import type { MockSessionRecord, MockVm } from "./types.js";

type Json = Record<string, unknown>;

/** Copies `source` without its null and undefined fields, and only the `keys` given. */
function pick(source: unknown, keys: readonly string[]): Json | undefined {
  if (source === null || typeof source !== "object") return undefined;
  const out: Json = {};
  for (const key of keys) {
    const value = (source as Json)[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

const v1Disk = (disk: unknown) => {
  const d = disk as { diskId?: string | null; diskName?: string | null } | null | undefined;
  return pick({ diskId: d?.diskId, name: d?.diskName }, ["diskId", "name"]);
};

/**
 * A VM as v1 lists it.
 *
 * @example
 * ```ts
 * v1Vm(vm).osDisk; // { diskId, name }
 * ```
 */
export function v1Vm(vm: MockVm): Json {
  const view: Json = {
    ...pick(vm, ["vmId", "vmAzureResourceId", "name", "size", "_links"]),
    subscription: pick(vm.subscription, ["id", "environment", "tenantId", "name", "status"]),
    resourceGroup: pick(vm.resourceGroup, [
      "id",
      "resourceId",
      "name",
      "azureEnvironment",
      "subscriptionId",
      "regionId",
    ]),
    region: pick(vm.region, ["id", "name"]),
    osDisk: vm.osDisk ? v1Disk(vm.osDisk) : undefined,
    dataDisks: vm.dataDisks ? vm.dataDisks.map(v1Disk) : undefined,
    virtualNetwork: pick(vm.virtualNetwork, ["id", "name", "regionName", "_links"]),
    subnet: pick(vm.subnet, ["name"]),
    networkSecurityGroup: pick(vm.networkSecurityGroup, ["id", "name", "regionId", "resourceGroupName"]),
  };
  for (const [key, value] of Object.entries(view)) if (value === undefined) delete view[key];
  return view;
}

/**
 * A VM as v6+ lists it: the model without the mock's own `manual` flag.
 *
 * @example
 * ```ts
 * currentVm(vm); // a VirtualMachineSnapshot
 * ```
 */
export function currentVm(vm: MockVm): Json {
  const { manual: _manual, ...snapshot } = vm;
  return snapshot;
}

/** A .NET TimeSpan string (`hh:mm:ss.fffffff`, `d.` past a day), as the v1 pages show `executionDuration`. */
export function timeSpan(ms: number): string {
  const whole = Math.max(0, Math.floor(ms));
  const days = Math.floor(whole / 86_400_000);
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = `${two(Math.floor(whole / 3_600_000) % 24)}:${two(Math.floor(whole / 60_000) % 60)}:${two(
    Math.floor(whole / 1000) % 60,
  )}.${String((whole % 1000) * 10_000).padStart(7, "0")}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

/**
 * A job session as `version` answers it, at time `now`, its links on `origin`.
 *
 * @example
 * ```ts
 * sessionView(session, "v8.1", "https://appliance.test", Date.now());
 * ```
 */
export function sessionView(
  session: MockSessionRecord & { usn: number },
  version: string,
  origin: string,
  now: number,
): Json {
  const stop = session.endedAt?.getTime() ?? null;
  const self = `${origin}/api/${version}/jobSessions/${session.id}`;
  const common = {
    id: session.id,
    type: session.type,
    executionStartTime: session.startedAt.toISOString(),
    executionStopTime: stop === null ? null : new Date(stop).toISOString(),
    executionDuration: timeSpan((stop ?? now) - session.startedAt.getTime()),
    status: session.status,
  };
  if (version === "v1") return { ...common, usn: session.usn, _links: { self: { href: self } } };
  return {
    ...common,
    localizedType: session.type === "SnapshotDeletion" ? "Snapshot deletion" : "Manual snapshot deletion",
    _links: { self: { href: self }, log: { href: `${self}/log` } },
  };
}
