// src/generated/ is an artifact of the spec: regenerating it must change nothing.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/redocly.js";

describe("src/generated/v1.ts", () => {
  it("is what `npm run generate` writes from the current spec (run it and commit the result if this fails)", () => {
    const cli = join(root, "node_modules", "openapi-typescript", "bin", "cli.js");
    const result = spawnSync(process.execPath, [cli, "--check"], { cwd: root, encoding: "utf8" });
    expect(result.stdout + result.stderr).not.toMatch(/not up-to-date/);
    expect(result.status).toBe(0);
  });
});
