// Which spec `vbazure verify` checks a version against: v1's for v1, v8.1's for v6 to v8.1; a --spec of the
// other family is refused, and an unreadable one says what to do.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { UsageError } from "../../src/cli/usageError.js";
import {
  bundledSpecFor,
  describedFamily,
  readSpec,
  requireSpecFor,
  specFamilyOf,
} from "../../src/cli/verifySpec.js";
import { loadSpec } from "../helpers/spec.js";

const v1 = loadSpec("v1");
const v81 = loadSpec("v8.1");

describe("specFamilyOf and bundledSpecFor", () => {
  it.each([
    ["v1", "v1"],
    ["v6", "v8.1"],
    ["v7", "v8.1"],
    ["v8", "v8.1"],
    ["v8.1", "v8.1"],
  ] as const)("check %s against the %s spec the package bundles", (version, family) => {
    expect(specFamilyOf(version)).toBe(family);
    expect(bundledSpecFor(version).endsWith(`${sep}dist${sep}openapi${sep}${family}.json`)).toBe(true);
  });
});

describe("describedFamily", () => {
  it("reads the family off the snapshot list's path", () => {
    expect(describedFamily(v1)).toBe("v1");
    expect(describedFamily(v81)).toBe("v8.1");
  });

  it.each([
    [
      "no snapshot list",
      { paths: { "/api/v1/jobSessions/{id}": { get: { operationId: "getJobSession" } } } },
    ],
    ["another prefix", { paths: { "/api/v2/x": { get: { operationId: "listVirtualMachineSnapshots" } } } }],
    ["no paths", {}],
  ])("is undefined for a spec with %s", (_what, spec) => {
    expect(describedFamily({ components: { schemas: {} }, ...spec } as never)).toBeUndefined();
  });
});

describe("requireSpecFor", () => {
  it("accepts the spec of the version's family", () => {
    expect(() => requireSpecFor(v1, "v1", "--spec a.json")).not.toThrow();
    expect(() => requireSpecFor(v81, "v6", "--spec a.json")).not.toThrow();
  });

  it("refuses the other family's, saying which to pass", () => {
    expect(() => requireSpecFor(v1, "v8", "--spec v1.json")).toThrow(
      new UsageError(
        "--spec v1.json: it describes API v1, and the API version in use is v8: pass the bundled v8.1 spec (JSON), or leave --spec out",
      ),
    );
  });
});

describe("readSpec", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vbazure-spec-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a JSON spec", async () => {
    await expect(readSpec(inject("bundledSpecs")["v8.1"].json, "--spec x")).resolves.toEqual(v81);
  });

  it("refuses a file that is not JSON, naming it", async () => {
    const file = join(dir, "spec.yaml");
    await writeFile(file, "openapi: 3.1.0\n");
    const error = await readSpec(file, `--spec ${file}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(
      (error as Error).message.startsWith(`--spec ${file}: cannot read the spec (Unexpected token`),
    ).toBe(true);
    expect((error as Error).message).not.toContain("npm run bundle");
  });

  it("says how to make the bundle when the package's own is missing", async () => {
    const file = join(dir, "missing.json");
    await expect(readSpec(file, `the bundled spec ${file}`)).rejects.toThrow(
      "; in a checkout of the package, run `npm run bundle` first, or pass --spec",
    );
  });
});
