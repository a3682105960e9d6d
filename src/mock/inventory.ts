// The mock's inventory: positions 0..size-1 of a base list (the seed example's VM and generated ones, or the VMs
// a test gave), minus the ones whose snapshots were deleted. Only the deleted positions are stored (sorted), so
// a page at any offset is found by binary search and a million generated VMs cost no memory.
import type { MockVm } from "./types.js";

/** Where the VMs of an inventory come from. */
export interface InventorySource {
  /** How many VMs the inventory starts with. */
  size: number;
  /** The VM at `position` (0 <= position < size). */
  at(position: number): MockVm;
  /** The position of the VM with `vmId`, if there is one (deleted or not). */
  positionOfVmId(vmId: string): number | undefined;
  /** The position of the VM whose restore point is `restorePointId`, if there is one. */
  positionOfRestorePoint(restorePointId: string): number | undefined;
}

/** The first index in sorted `values` whose value is greater than `value`. */
function upperBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((values[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The VMs that still have snapshots.
 *
 * @example
 * ```ts
 * const inventory = new Inventory(source);
 * inventory.page(0, 100); // the first 100 VMs
 * ```
 */
export class Inventory {
  readonly #source: InventorySource;
  #removed: number[] = [];

  /** An inventory of every VM of `source`. */
  constructor(source: InventorySource) {
    this.#source = source;
  }

  /** How many VMs have snapshots now. */
  get count(): number {
    return this.#source.size - this.#removed.length;
  }

  /** Whether the VM at `position` is gone (its snapshots were deleted). */
  isRemoved(position: number): boolean {
    const i = upperBound(this.#removed, position);
    return i > 0 && this.#removed[i - 1] === position;
  }

  /** The VM at `position`, gone or not. */
  at(position: number): MockVm {
    return this.#source.at(position);
  }

  /** The position of the `rank`-th VM still present (0-based): the smallest p with p + 1 - removed(<= p) > rank. */
  #positionOfRank(rank: number): number {
    let low = rank;
    let high = rank + this.#removed.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (middle + 1 - upperBound(this.#removed, middle) > rank) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Up to `limit` VMs still present, from the `offset`-th on. */
  page(offset: number, limit: number): MockVm[] {
    const page: MockVm[] = [];
    const end = Math.min(this.count, offset + limit);
    if (offset >= end) return page;
    let position = this.#positionOfRank(offset);
    let next = upperBound(this.#removed, position);
    for (let rank = offset; rank < end; rank++) {
      while (this.#removed[next] === position) {
        position++;
        next++;
      }
      page.push(this.#source.at(position));
      position++;
    }
    return page;
  }

  /** The position of the VM with `vmId`, present or gone; undefined for a VM the inventory never had. */
  find(vmId: string): number | undefined {
    return this.#source.positionOfVmId(vmId);
  }

  /** The position of the VM of restore point `restorePointId`, present or gone. */
  findRestorePoint(restorePointId: string): number | undefined {
    return this.#source.positionOfRestorePoint(restorePointId);
  }

  /** Removes the VM at `position` (its snapshots were deleted); removing it again changes nothing. */
  remove(position: number): void {
    const i = upperBound(this.#removed, position);
    if (i > 0 && this.#removed[i - 1] === position) return;
    this.#removed.splice(i, 0, position);
  }
}
