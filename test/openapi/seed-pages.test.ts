// The spec against the two v1 pages it describes: every property they document is there, typed and explained,
// and each erratum of the pages is resolved and said so.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/redocly.js";
import { readSeed, type SeedProperty } from "../helpers/seeds.js";
import { type Json, loadSpec } from "../helpers/spec.js";

const spec = loadSpec();
const schemas = spec.components.schemas;
const resolve = (schema: Json): Json => (schema.$ref ? schemas[schema.$ref.split("/").pop()] : schema);

// The JSON type a schema describes: its `type` (without "null"), or the one type all its anyOf branches share.
function jsonType(schema: Json): string | undefined {
  const target = resolve(schema);
  if (Array.isArray(target.type)) return target.type.find((t: string) => t !== "null");
  if (target.type) return target.type;
  const branches = new Set<string | undefined>((target.anyOf ?? []).map(jsonType));
  return branches.size === 1 ? [...branches][0] : undefined;
}

// The tables of each page, in order, and the schema each one is modelled as.
const tables = {
  list: [
    "VirtualMachineSnapshotsPage",
    "VirtualMachineSnapshot",
    "AzureSubscription",
    "ResourceGroup",
    "Region",
    "DiskSnapshot",
    "VirtualNetwork",
    "VirtualNetworkSubnetBase",
    "NetworkSecurityGroup",
  ],
  delete: ["JobSession"],
} as const;

// Where the spec's type departs from a table's, because the page's own example (and the v8.1 reference)
// contradict the table.
const errata: Record<string, string> = {
  "VirtualMachineSnapshot.dataDisks": "array",
  "VirtualMachineSnapshotsPage.results": "array",
};

function expectedType(schema: string, property: SeedProperty): string {
  const erratum = errata[`${schema}.${property.name}`];
  if (erratum) return erratum;
  if (property.type === "string" || property.type === "integer") return property.type;
  // "Contains the ... object." and "Dictionary of string [key] and Object [value]" are objects.
  if (/^Contains .* object|^Dictionary of string/.test(property.type)) return "object";
  throw new Error(`unexpected seed type "${property.type}" for ${schema}.${property.name}`);
}

describe.each(Object.entries(tables))("the %s page", (page, names) => {
  const seed = readSeed(page as keyof typeof tables);

  it("has one property table per modelled schema", () => {
    expect(seed.tables.map((table) => table.length)).toHaveLength(names.length);
  });

  describe.each(names.map((name, i) => [name, i] as const))("%s", (name, index) => {
    const rows = seed.tables[index] ?? [];
    it.each(rows.map((row) => [row.name, row] as const))(
      "documents %s with type, description and example",
      (_, row) => {
        const property = schemas[name].properties?.[row.name];
        expect(property, `${name}.${row.name} is missing`).toBeDefined();
        const target = resolve(property);
        expect(jsonType(property)).toBe(expectedType(name, row));
        expect(property.description ?? target.description).toMatch(/\w{3,}/);
        expect(property.examples ?? target.examples ?? property.items).toBeDefined();
      },
    );
  });
});

describe("the seed errata", () => {
  it("the list example is not valid JSON as printed (trailing comma) but is once the comma is removed", () => {
    const seed = readSeed("list");
    expect(() => JSON.parse(seed.rawExample)).toThrow(SyntaxError);
    expect(seed.example).toMatchObject({ offset: 0, limit: 30 });
  });

  it("dataDisks: typed 'string' by the table, modelled as an array of DiskSnapshot, and the description says why", () => {
    const dataDisks = schemas.VirtualMachineSnapshot.properties.dataDisks;
    expect(readSeed("list").tables[1]?.find((row) => row.name === "dataDisks")?.type).toBe("string");
    expect(dataDisks).toMatchObject({ type: "array", items: { $ref: "#/components/schemas/DiskSnapshot" } });
    expect(dataDisks.description).toMatch(/"string".*array/s);
  });

  it("{id} of deleteSnapshots: described by the page as a backup policy id, modelled as the VM id", () => {
    const page = readSeed("delete");
    expect(page.text).toMatch(/^id \| The identification numbers of the backup policy\./m);
    expect(page.text).toMatch(
      /virtualMachines\/ej43ifg58cgjs8e9cod74ye6cbwm5nttf6ijzk64rshqoip1abqy\/deleteSnapshots/,
    );
    const parameter = spec.components.parameters.VirtualMachineId;
    expect(parameter).toMatchObject({ name: "id", in: "path", required: true });
    expect(parameter.description).toMatch(/`vmId`/);
    expect(parameter.description).toMatch(/backup policy/);
  });

  it("usn: described by the page as a backup policy version, modelled as the session's int64 sequence number", () => {
    const row = readSeed("delete").tables[0]?.find((r) => r.name === "usn");
    expect(row?.description).toMatch(/version of the backup policy/);
    const usn = schemas.JobSession.properties.usn;
    expect(usn).toMatchObject({ type: "integer", format: "int64" });
    expect(usn.description).toMatch(/version of the backup policy/);
  });

  it("offset and limit: absent from the page's parameters, modelled from its self link and explained", () => {
    const self = (readSeed("list").example as Json)._links.self.href as string;
    expect(new URL(self).searchParams.toString()).toBe("offset=0&limit=30");
    const { Offset, Limit } = spec.components.parameters;
    expect(Offset).toMatchObject({ in: "query", schema: { type: "integer", minimum: 0, default: 0 } });
    expect(Limit).toMatchObject({ in: "query", schema: { type: "integer", minimum: 1, default: 30 } });
    expect(Offset.description).toMatch(/Request Parameters: None/);
  });

  it("the execution times are date-times and the duration a .NET TimeSpan with a pattern", () => {
    const { executionStartTime, executionStopTime, executionDuration } = schemas.JobSession.properties;
    expect(executionStartTime.format).toBe("date-time");
    expect(executionStopTime.format).toBe("date-time");
    expect(executionDuration.pattern).toBeTypeOf("string");
  });

  it("requires what the issue and the pages make essential", () => {
    expect(schemas.VirtualMachineSnapshotsPage.required).toEqual(["offset", "limit", "results"]);
    expect(schemas.VirtualMachineSnapshot.required).toEqual(["vmId", "name"]);
    expect(schemas.JobSession.required).toEqual(["id", "type", "status"]);
    expect(schemas.Link.required).toEqual(["href"]);
    for (const name of [
      "AzureSubscription",
      "ResourceGroup",
      "Region",
      "DiskSnapshot",
      "VirtualNetwork",
      "NetworkSecurityGroup",
    ]) {
      expect(schemas[name].required, name).toEqual([name === "DiskSnapshot" ? "diskId" : "id"]);
    }
    expect(schemas.VirtualNetworkSubnetBase.required).toEqual(["name"]);
  });
});

describe("the errata table", () => {
  const table = (text: string) =>
    text
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
      .slice(1); // the header's wording differs between the README and the site page
  const readmeText = readFileSync(join(root, "README.md"), "utf8");
  const siteText = readFileSync(join(root, "openapi", "v1", "docs", "errata.md"), "utf8");

  it("is the same in the README and on the reference site", () => {
    const readme = table(readmeText.slice(readmeText.indexOf("## The v1 pages' errors")));
    expect(readme.length).toBeGreaterThanOrEqual(7);
    expect(readme).toEqual(table(siteText));
  });
});
