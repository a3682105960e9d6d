// src/generated/ is an artifact of the specs: regenerating it must change nothing, for every api of redocly.yaml.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { root } from "../../scripts/redocly.js";

interface RedoclyApi {
  root: string;
  "x-openapi-ts": { output: string };
}
const apis: Record<string, RedoclyApi> = parse(readFileSync(join(root, "redocly.yaml"), "utf8")).apis;

describe("src/generated/", () => {
  it("has one output per api: v1.ts for v1, v8_1.ts for v8.1", () => {
    expect(
      Object.fromEntries(Object.entries(apis).map(([name, api]) => [name, api["x-openapi-ts"].output])),
    ).toEqual({
      v1: "src/generated/v1.ts",
      "v8.1": "src/generated/v8_1.ts",
    });
    for (const api of Object.values(apis))
      expect(existsSync(join(root, api["x-openapi-ts"].output))).toBe(true);
  });

  it("is what `npm run generate` writes from the current specs (run it and commit the result if this fails)", () => {
    const cli = join(root, "node_modules", "openapi-typescript", "bin", "cli.js");
    const result = spawnSync(process.execPath, [cli, "--check"], { cwd: root, encoding: "utf8" });
    expect(result.stdout + result.stderr).not.toMatch(/not up-to-date|✘/);
    expect(result.status).toBe(0);
  });

  it("types each version's own paths", () => {
    const v81 = readFileSync(join(root, "src/generated/v8_1.ts"), "utf8");
    expect(v81).toContain('"/api/v8.1/restorePoints/virtualMachines/snapshots": {');
    expect(v81).toContain('"/api/v8.1/protectedItem/virtualMachines/{id}/deleteSnapshots": {');
    expect(v81).not.toContain('"/api/v1/');
    const v1 = readFileSync(join(root, "src/generated/v1.ts"), "utf8");
    expect(v1).toContain('"/api/v1/virtualMachineSnapshots": {');
    expect(v1).not.toContain('"/api/v8.1/');
  });
});
