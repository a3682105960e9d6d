// The version sent in the User-Agent header is the package's own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { version } from "../../src/core/version.js";

describe("version", () => {
  it("is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(version).toBe(pkg.version);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
