// Which VMs `vbazure snapshots prune` removes the snapshots of: the filters it was given, combined with AND, each
// case-insensitive (Azure's names of resource groups, regions and subscriptions are case-insensitive, and the
// appliance writes them as Azure does, which is not always as the portal shows them). The matching is done here,
// by the CLI, on every version: v1's listing takes no filter at all, and v6+'s only the VM id
// (../shared/reference/versions.md, "The four operations in v8.1").

import picomatch from "picomatch";
import type { AnySnapshot } from "./snapshotsList.js";

/** The filters of a prune; an absent one matches every VM. */
export interface PruneFilter {
  /**
   * The resource group's name (or id).
   * @default undefined (any)
   */
  resourceGroup?: string | undefined;
  /**
   * The region's id (`northeurope`) or name (`North Europe`).
   * @default undefined (any)
   */
  region?: string | undefined;
  /**
   * The subscription's id or name.
   * @default undefined (any)
   */
  subscription?: string | undefined;
  /**
   * A glob of the VM's name: `*` any run of characters, `?` one character, anything else itself.
   * @default undefined (any)
   */
  name?: string | undefined;
  /**
   * Only these VMs (by vmId).
   * @default undefined (any)
   */
  vmIds?: readonly string[] | undefined;
}

/**
 * Whether a filter was given at all (a prune without any refuses unless `--all`).
 *
 * @example
 * ```ts
 * hasFilter({ region: "northeurope" }); // true
 * hasFilter({ vmIds: [] }); // false
 * ```
 */
export function hasFilter(filter: PruneFilter): boolean {
  return (
    filter.resourceGroup !== undefined ||
    filter.region !== undefined ||
    filter.subscription !== undefined ||
    filter.name !== undefined ||
    (filter.vmIds !== undefined && filter.vmIds.length > 0)
  );
}

/**
 * A glob (picomatch's syntax: `*`, `?`, `[abc]`, `{a,b}`, ...) as a case-insensitive test of a whole VM name. A
 * VM name has no path separators, so `*` is any run of characters.
 *
 * @example
 * ```ts
 * globMatcher("test-*")("TEST-linux"); // true
 * globMatcher("vm-?")("vm-10"); // false
 * ```
 */
export function globMatcher(glob: string): (name: string) => boolean {
  return picomatch(glob, { nocase: true, dot: true });
}

const same = (wanted: string, ...values: (string | null | undefined)[]) => {
  const lower = wanted.toLowerCase();
  return values.some((value) => typeof value === "string" && value.toLowerCase() === lower);
};

/**
 * The test of a VM against `filter`: true when it passes every filter given.
 *
 * @example
 * ```ts
 * const matches = pruneMatcher({ region: "North Europe", name: "test-*" });
 * vms.filter(matches);
 * ```
 */
export function pruneMatcher(filter: PruneFilter): (vm: AnySnapshot) => boolean {
  const name = filter.name === undefined ? undefined : globMatcher(filter.name);
  const vmIds = filter.vmIds?.length ? new Set(filter.vmIds.map((id) => id.toLowerCase())) : undefined;
  const { resourceGroup, region, subscription } = filter;
  return (vm) =>
    (vmIds === undefined || (typeof vm.vmId === "string" && vmIds.has(vm.vmId.toLowerCase()))) &&
    (name === undefined || (typeof vm.name === "string" && name(vm.name))) &&
    (resourceGroup === undefined || same(resourceGroup, vm.resourceGroup?.name, vm.resourceGroup?.id)) &&
    (region === undefined || same(region, vm.region?.id, vm.region?.name)) &&
    (subscription === undefined || same(subscription, vm.subscription?.id, vm.subscription?.name));
}
