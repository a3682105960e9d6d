// `npm run lint` for the specs: Redocly finds nothing, the same rules apply to every api, and the project's own
// rules do catch what they are for, in each version's spec.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { redocly, root } from "../../scripts/redocly.js";

// biome-ignore lint/suspicious/noExplicitAny: redocly.yaml is untyped YAML
const config: any = parse(await readFile(join(root, "redocly.yaml"), "utf8"));

describe("redocly lint", () => {
  it.each(Object.keys(config.apis))("reports no error and no warning on the %s spec", async (api) => {
    const { code, stdout } = await redocly(["lint", api, "--format", "json"]);
    const report = JSON.parse(stdout);
    expect(report.problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(code).toBe(0);
  });

  it("passes as `npm run lint:spec` runs it, every api at once", async () => {
    const { code, output } = await redocly(["lint"]);
    expect(output).toMatch(/Your API descriptions are valid/);
    expect(code).toBe(0);
  });

  it("lints every api, with the same per-api rules", () => {
    expect(Object.keys(config.apis)).toEqual(["v1", "v8.1"]);
    expect(config.apis.v1.rules).toBeDefined();
    expect(config.apis["v8.1"].rules).toEqual(config.apis.v1.rules);
    expect(config.apis.v1.rules).toMatchObject({
      "no-invalid-schema-examples": "error",
      "no-invalid-media-type-examples": { severity: "error", allowAdditionalProperties: false },
    });
  });
});

// A copy of one version's spec, linted through a config whose only api is that copy (so the per-api rules of the
// version apply to it, as `npm run lint` applies them to the original).
function specCopy(version: "v1" | "v8.1") {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-lint-"));
    await cp(join(root, "openapi", version), join(dir, "spec"), { recursive: true });
    const { openapi: _docs, ...lintConfig } = config;
    await writeFile(
      join(dir, "redocly.yaml"),
      stringify({
        ...lintConfig,
        apis: { [version]: { ...config.apis[version], root: join(dir, "spec", "openapi.yaml") } },
        plugins: [join(root, "scripts", "redocly-conventions.js")],
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  return async function lintWith(file: string, edit: (text: string) => string): Promise<string> {
    const path = join(dir, "spec", file);
    const original = await readFile(path, "utf8");
    const edited = edit(original);
    expect(edited, `the edit of ${file} changed nothing`).not.toBe(original);
    await writeFile(path, edited);
    try {
      const { code, output } = await redocly(["lint", version, "--config", join(dir, "redocly.yaml")]);
      expect(code).not.toBe(0);
      return output;
    } finally {
      await writeFile(path, original);
    }
  };
}

describe("on a copy of the v1 spec with defects", () => {
  const lintWith = specCopy("v1");

  it("flags a property without an example (conventions/property-documented)", async () => {
    const output = await lintWith("components/schemas/VirtualMachineSnapshotsPage.yaml", (t) =>
      t.replace("    examples:\n      - []\n", ""),
    );
    expect(output).toMatch(/Property "results" needs an example/);
  });

  it("flags a property without a description (conventions/property-documented)", async () => {
    const output = await lintWith("components/schemas/Region.yaml", (t) =>
      t.replace("    description: Display name of the region.\n", ""),
    );
    expect(output).toMatch(/Property "name" needs a description/);
  });

  it("flags a named schema without a description (conventions/named-schema-documented)", async () => {
    const output = await lintWith("components/schemas/Region.yaml", (t) =>
      t.replace(/^description: .*\n/m, ""),
    );
    expect(output).toMatch(/Named schema needs a "description"/);
  });

  it("flags a 4xx response that is not problem details", async () => {
    const output = await lintWith("components/responses/NotFound.yaml", (t) =>
      t.replace("application/problem+json", "application/json"),
    );
    expect(output).toMatch(/operation-4xx-problem-details-rfc7807/);
  });

  it("flags an example that does not match its schema", async () => {
    const output = await lintWith("components/examples/JobSessionRunning.yaml", (t) =>
      t.replace("usn: 3", "usn: three"),
    );
    expect(output).toMatch(/no-invalid-media-type-examples/);
  });

  it("flags an operation without a description", async () => {
    const output = await lintWith("paths/api_v1_jobSessions_{id}.yaml", (t) =>
      t.replace(/ {2}description: >-\n( {4}.*\n)+/, ""),
    );
    expect(output).toMatch(/operation-description/);
  });

  it("flags a 429 that is not problem details", async () => {
    const output = await lintWith("components/responses/TooManyRequests.yaml", (t) =>
      t.replace("application/problem+json", "application/json"),
    );
    expect(output).toMatch(/operation-4xx-problem-details-rfc7807/);
  });
});

describe("on a copy of the v8.1 spec with defects", () => {
  const lintWith = specCopy("v8.1");

  it("flags a disk snapshot example with v1's `name` for `diskName` (a closed schema)", async () => {
    const output = await lintWith("components/examples/VirtualMachineSnapshotsPageSeed.yaml", (t) =>
      t.replace("        diskName: test-linux_disk1", "        name: test-linux_disk1"),
    );
    expect(output).toMatch(/no-invalid-media-type-examples/);
    expect(output).toMatch(/osDisk\/name/);
  });

  it("flags a job session example that keeps v1's `usn`", async () => {
    const output = await lintWith("components/examples/JobSessionRunning.yaml", (t) =>
      t.replace("  status: Running\n", "  status: Running\n  usn: 3\n"),
    );
    expect(output).toMatch(/no-invalid-media-type-examples/);
  });

  it("flags a property without an example (conventions/property-documented)", async () => {
    const output = await lintWith("components/schemas/JobSession.yaml", (t) =>
      t.replace("    examples:\n      - Snapshot deletion\n", ""),
    );
    expect(output).toMatch(/Property "localizedType" needs an example/);
  });

  it("flags a property without a description (conventions/property-documented)", async () => {
    const output = await lintWith("components/schemas/DiskSnapshot.yaml", (t) =>
      t.replace("    description: Name of the snapshotted disk (v1's `name`).\n", ""),
    );
    expect(output).toMatch(/Property "diskName" needs a description/);
  });

  it("flags a named schema without a title (conventions/named-schema-documented)", async () => {
    const output = await lintWith("components/schemas/SystemInfo.yaml", (t) =>
      t.replace(/^title: .*\n/m, ""),
    );
    expect(output).toMatch(/Named schema needs a "title"/);
  });

  it("flags a parameter example out of its schema's range (no-invalid-parameter-examples)", async () => {
    const output = await lintWith("components/parameters/Limit.yaml", (t) =>
      t.replace("example: 100", "example: -2"),
    );
    expect(output).toMatch(/no-invalid-parameter-examples/);
  });

  it("flags a request body without named examples (rule/media-type-examples)", async () => {
    const output = await lintWith("components/requestBodies/VirtualMachineIds.yaml", (t) =>
      t.replace(/ {4}examples:\n( {6}.*\n)+/, ""),
    );
    expect(output).toMatch(/Every request and response body has named examples/);
  });

  it("flags an operation without a description", async () => {
    const output = await lintWith("paths/api_v8.1_system_about.yaml", (t) =>
      t.replace(/ {2}description: >-\n( {4}.*\n)+/, ""),
    );
    expect(output).toMatch(/operation-description/);
  });
});
