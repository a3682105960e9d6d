// The filters of `snapshots prune`, as values: each case-insensitive, combined with AND, the name a glob, the
// region by id or name, the subscription by id or name; a VM without the field a filter asks about never matches.
import { describe, expect, it } from "vitest";
import { globMatcher, hasFilter, pruneMatcher } from "../../src/cli/pruneFilter.js";
import type { VirtualMachineSnapshot } from "../../src/v8_1/models.js";

const vm = (vmId: string, name: string, region: string, group: string): VirtualMachineSnapshot => ({
  vmId,
  name,
  size: "Standard_B1ls",
  region: { id: region, name: region === "northeurope" ? "North Europe" : "West Europe" },
  resourceGroup: { name: group, id: `/subscriptions/s/resourceGroups/${group}` },
  subscription: { id: "d55989e4-f37f-429a-98f3-14787540673f", name: "Enterprise R&D" },
});
const vms = [
  vm("vm-1", "test-linux", "northeurope", "test-rg"),
  vm("vm-2", "Test-Windows", "westeurope", "test-rg"),
  vm("vm-3", "prod-db", "northeurope", "Prod-RG"),
];
const matching = (filter: Parameters<typeof pruneMatcher>[0]) =>
  vms.filter(pruneMatcher(filter)).map((match) => match.vmId);

describe("pruneMatcher", () => {
  it("globs the name, whatever the case", () => {
    expect(matching({ name: "test-*" })).toEqual(["vm-1", "vm-2"]);
    expect(matching({ name: "TEST-LINU?" })).toEqual(["vm-1"]);
    expect(matching({ name: "test" })).toEqual([]);
  });

  it("matches the region by id or by name, whatever the case", () => {
    expect(matching({ region: "NorthEurope" })).toEqual(["vm-1", "vm-3"]);
    expect(matching({ region: "west europe" })).toEqual(["vm-2"]);
  });

  it("matches the resource group and the subscription by name or id, whatever the case", () => {
    expect(matching({ resourceGroup: "prod-rg" })).toEqual(["vm-3"]);
    expect(matching({ subscription: "enterprise r&d" })).toEqual(["vm-1", "vm-2", "vm-3"]);
    expect(matching({ subscription: "D55989E4-F37F-429A-98F3-14787540673F" })).toHaveLength(3);
    expect(matching({ subscription: "other" })).toEqual([]);
  });

  it("combines the filters with AND", () => {
    expect(matching({ resourceGroup: "test-rg", region: "northeurope", name: "test-*" })).toEqual(["vm-1"]);
    expect(matching({ vmIds: ["VM-2", "vm-3"], region: "northeurope" })).toEqual(["vm-3"]);
  });

  it("matches everything with no filter, and never a VM lacking the field asked about", () => {
    expect(matching({})).toEqual(["vm-1", "vm-2", "vm-3"]);
    const bare: VirtualMachineSnapshot = { size: "B1ls" };
    expect(pruneMatcher({ region: "northeurope" })(bare)).toBe(false);
    expect(pruneMatcher({ name: "*" })(bare)).toBe(false);
    expect(pruneMatcher({})(bare)).toBe(true);
  });
});

describe("globMatcher", () => {
  it("matches whole names, case-insensitively, with picomatch's globs", () => {
    expect(globMatcher("test-*")("TEST-linux")).toBe(true);
    expect(globMatcher("test-*")("my-test-linux")).toBe(false);
    expect(globMatcher("vm-?")("vm-10")).toBe(false);
    expect(globMatcher("vm-[0-9]")("vm-7")).toBe(true);
    expect(globMatcher("{web,db}-*")("db-01")).toBe(true);
    expect(globMatcher("web.1")("webx1")).toBe(false);
  });
});

describe("hasFilter", () => {
  it("says whether any filter was given", () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ vmIds: [] })).toBe(false);
    expect(hasFilter({ vmIds: ["vm-1"] })).toBe(true);
    expect(hasFilter({ name: "*" })).toBe(true);
  });
});
