// The README's TypeScript examples compile against the library: an example that rots fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../scripts/redocly.js";
import { typecheck } from "./helpers/typecheck.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

describe("README", () => {
  it("has the usage examples", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.join("\n")).toContain("listVirtualMachineSnapshots");
  });

  it("has TypeScript examples that compile against the library", () => {
    const sources = Object.fromEntries(
      snippets.map((text, i) => [`readme-example-${i + 1}.ts`, `${text}\nexport {};\n`]),
    );
    expect(typecheck(sources)).toEqual([]);
  });

  it("would catch an example that no longer compiles", () => {
    const broken =
      'import { createClient } from "veeam-azure-client";\ncreateClient({ baseUrl: 1 });\nexport {};\n';
    expect(typecheck({ "readme-broken.ts": broken })).toHaveLength(1);
  });
});
