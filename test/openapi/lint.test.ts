// `npm run lint` for the spec: Redocly finds nothing, and the project's own rules do catch what they are for.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redocly, root } from "../../scripts/redocly.js";

describe("redocly lint", () => {
  it("reports no error and no warning on the spec", async () => {
    const { code, stdout } = await redocly(["lint", "--format", "json"]);
    const report = JSON.parse(stdout);
    expect(report.problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(code).toBe(0);
  });

  describe("on a copy of the spec with defects", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-lint-"));
      await cp(join(root, "openapi", "v1"), dir, { recursive: true });
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    async function lintWith(file: string, edit: (text: string) => string): Promise<string> {
      const path = join(dir, file);
      const original = await readFile(path, "utf8");
      await writeFile(path, edit(original));
      try {
        const { code, output } = await redocly([
          "lint",
          join(dir, "openapi.yaml"),
          "--config",
          "redocly.yaml",
        ]);
        expect(code).not.toBe(0);
        return output;
      } finally {
        await writeFile(path, original);
      }
    }

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
  });
});
