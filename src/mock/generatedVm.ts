// The generated inventory: VM number `index` of seed `seed` is computed from (seed, index) alone, so listing a
// million of them keeps nothing in memory, and finding one by its vmId or restore point id needs no index: both
// ids end with the VM's number (the vmId in base 36, the restore point id in its last uuid group, in hex).
//
// Faker draws the seed's pools once (subscriptions, resource groups, words for names); each VM then picks from
// them and draws its ids with a small generator seeded by (seed, index). Reseeding Faker and calling it per VM
// cost 0.26 ms a VM (26 ms a page of 100); this costs a few microseconds.
import type { Faker } from "@faker-js/faker";
import { seededRandom } from "./random.js";
import type { MockVm } from "./types.js";

/** The host of the seed example's links, kept for the generated VMs' links so that every VM looks alike. */
const linkOrigin = "https://abc.ukwest.cloudapp.azure.com:443";

const regions = [
  { id: "northeurope", name: "North Europe" },
  { id: "westeurope", name: "West Europe" },
  { id: "ukwest", name: "UK West" },
  { id: "uksouth", name: "UK South" },
  { id: "eastus", name: "East US" },
  { id: "westus2", name: "West US 2" },
  { id: "germanywestcentral", name: "Germany West Central" },
  { id: "southeastasia", name: "Southeast Asia" },
] as const;

const sizes = [
  "Standard_B1ls",
  "Standard_B2s",
  "Standard_D2s_v5",
  "Standard_D4s_v5",
  "Standard_E4s_v5",
] as const;
const roles = ["web", "app", "db", "sql", "api", "batch", "build", "cache", "jump", "test"] as const;

const vmIdLength = 52;
const indexDigits = 8;
const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
const hexDigits = "0123456789abcdef";

/** A random source for one VM: picks, whole numbers and strings drawn from `random`. */
function drawer(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const chars = (length: number, from: string) => {
    let out = "";
    for (let i = 0; i < length; i++) out += from[int(from.length)];
    return out;
  };
  return {
    int,
    pick: <T>(values: readonly T[]): T => values[int(values.length)] as T,
    alphanumeric: (length: number) => chars(length, alphabet),
    hex: (length: number) => chars(length, hexDigits),
    chance: (probability: number) => random() < probability,
  };
}

/** One 32-bit seed from (seed, index), so that neighbouring VMs draw unrelated values. */
function mix(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

interface Pool {
  subscription: { id: string; tenantId: string; name: string };
  groups: { id: string; name: string }[];
}

/** Generates the VMs of one seed. */
export interface VmGenerator {
  /** VM number `index` (0-based among the generated ones). */
  vm(index: number): MockVm;
  /** The number `vmId` would have, if it is a generated id; the VM itself must still be compared. */
  indexOfVmId(vmId: string): number | undefined;
  /** The number of the VM whose restore point is `restorePointId`, if it is a generated id. */
  indexOfRestorePoint(restorePointId: string): number | undefined;
}

/**
 * A generator of VMs for `seed`, drawing with `faker` (reseeded per VM).
 *
 * @example
 * ```ts
 * const vms = vmGenerator(faker, 1);
 * vms.indexOfVmId(vms.vm(41).vmId ?? ""); // 41
 * ```
 */
export function vmGenerator(faker: Faker, seed: number): VmGenerator {
  faker.seed([seed, 0x5eed]);
  const pools: Pool[] = Array.from({ length: 3 }, () => {
    const name = `${faker.company.name()} - ${faker.helpers.arrayElement(["Production", "Test", "R&D"])}`;
    return {
      subscription: { id: faker.string.uuid(), tenantId: faker.string.uuid(), name },
      groups: Array.from({ length: 3 }, () => ({
        id: faker.string.alphanumeric({ length: vmIdLength, casing: "lower" }),
        name: `${faker.helpers.arrayElement(roles)}-${faker.word
          .noun()
          .toLowerCase()
          .replace(/[^a-z0-9]/g, "")}-rg`,
      })),
    };
  });
  const words = [
    ...new Set(
      Array.from({ length: 200 }, () =>
        faker.word
          .noun()
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ""),
      ),
    ),
  ].filter((word) => word.length > 0);

  return {
    vm(index) {
      const draw = drawer(seededRandom(mix(seed, index)));
      const pool = draw.pick(pools);
      const group = draw.pick(pool.groups);
      const region = draw.pick(regions);
      const subscriptionId = pool.subscription.id;
      const name = `${draw.pick(roles)}-${draw.pick(words)}-${index}`;
      const vmId = `${draw.alphanumeric(vmIdLength - indexDigits)}${index.toString(36).padStart(indexDigits, "0")}`;
      const uuid = `${draw.hex(8)}-${draw.hex(4)}-4${draw.hex(3)}-${draw.pick(["8", "9", "a", "b"])}${draw.hex(3)}-`;
      const restorePointId = `${uuid}${index.toString(16).padStart(12, "0")}`;
      const groupPath = `/subscriptions/${subscriptionId}/resourceGroups/${group.name}`;
      const disk = (n: number) => ({
        diskId: draw.alphanumeric(vmIdLength),
        diskName: `${name}_${n === 0 ? "OsDisk" : `DataDisk_${n}`}_${draw.hex(32)}`,
      });
      const dataDiskCount = draw.int(3);
      const vnet = `${group.name}-vnet`;
      return {
        vmId,
        vmAzureResourceId: `${groupPath}/providers/Microsoft.Compute/virtualMachines/${name}`,
        name,
        subscription: {
          id: subscriptionId,
          environment: "Global",
          tenantId: pool.subscription.tenantId,
          name: pool.subscription.name,
          status: "Active",
        },
        resourceGroup: {
          id: group.id,
          resourceId: groupPath,
          name: group.name,
          azureEnvironment: "Global",
          subscriptionId,
          regionId: region.id,
        },
        region: { id: region.id, name: region.name },
        size: draw.pick(sizes),
        hasEphemeralOsDisk: false,
        osDisk: disk(0),
        dataDisks: Array.from({ length: dataDiskCount }, (_, n) => disk(n + 1)),
        diskSizeInGb: draw.pick([30, 64, 128, 256, 512]),
        virtualNetwork: {
          id: `${groupPath}/providers/Microsoft.Network/virtualNetworks/${vnet}`,
          name: vnet,
          regionName: region.id,
        },
        subnet: { name: "default" },
        networkSecurityGroup: {
          id: `${groupPath}/providers/Microsoft.Network/networkSecurityGroups/${name}-nsg`,
          name: `${name}-nsg`,
          regionId: region.id,
          resourceGroupName: group.name,
        },
        _links: {
          disks: {
            href: `${linkOrigin}/api/v8.1/restorePoints/virtualMachines/diskSnapshots?RestorePointId=${restorePointId}&VirtualMachineId=${vmId}`,
          },
          restorepoint: { href: `${linkOrigin}/api/v8.1/restorePoints/virtualMachines/${restorePointId}` },
        },
        manual: draw.chance(0.3),
      };
    },
    indexOfVmId(vmId) {
      if (vmId.length !== vmIdLength || !/^[a-z0-9]+$/.test(vmId)) return undefined;
      return Number.parseInt(vmId.slice(-indexDigits), 36);
    },
    indexOfRestorePoint(restorePointId) {
      if (!/^[0-9a-f-]{36}$/i.test(restorePointId)) return undefined;
      return Number.parseInt(restorePointId.slice(-12), 16);
    },
  };
}

/**
 * The restore point id of `vm`: the last segment of its `restorepoint` link, which is how an appliance's list
 * item names it (the model has no field for it).
 *
 * @example
 * ```ts
 * restorePointIdOf(seedVm); // "a3687ba6-6f6b-44bd-8475-0979b1bce276"
 * ```
 */
export function restorePointIdOf(vm: MockVm): string | undefined {
  const href = vm._links?.restorepoint?.href;
  return href ? href.slice(href.lastIndexOf("/") + 1) : undefined;
}
