// Budgets that a run can check exactly (timings are for `npm run bench`, never for tests): how much the package
// entry weighs in a browser bundle, and that it loads openapi-fetch and nothing else with it. A Node-only need
// (a TLS agent, say) may be loaded by a dynamic import, when its option is used; the CLI's libraries by the CLI
// entry alone. Each check is also shown to fail where it should.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserBundleSize, overBudget, runtimeImports } from "./helpers/budgets.js";

// Issue 10: 10 KiB gzipped for an entry with one API version family (openapi-fetch alone is about 2.6 kB of it);
// issue 11: 12 KiB for the main entry, with every version. The budgets catch accidental growth; they are never met
// by shortening an error message. See README, Performance.
const entries = [
  ["src/index.ts", "the main entry (every version)", 12 * 1024],
  ["src/v8_1/index.ts", "the v8.1 entry (v6 to v8.1)", 10 * 1024],
  ["src/v1/index.ts", "the v1 entry", 10 * 1024],
] as const;
const sizes = await Promise.all(entries.map(([entry]) => browserBundleSize(entry)));
const bundle = sizes[0] as Awaited<ReturnType<typeof browserBundleSize>>;

describe.each(
  entries.map(([entry, what, budget], i) => ({ entry, what, budget, size: sizes[i] as typeof bundle })),
)("$what", ({ entry, budget, size }) => {
  it(`weighs ${size.gzipped} bytes in a browser bundle, gzipped (${size.minified} minified; ${size.lazy} more on demand), under ${budget}`, () => {
    expect(overBudget(`the browser bundle of ${entry}, gzipped`, size.gzipped, budget)).toBeUndefined();
  });

  it("loads openapi-fetch at run time, and no other package and no Node.js built-in", async () => {
    const imports = await runtimeImports(entry);
    expect(imports.packages).toEqual(["openapi-fetch"]);
    expect(imports.builtins).toEqual([]);
    // Whatever it loads on demand must not be something the entry needs anyway.
    for (const specifier of imports.dynamic) expect(imports.packages).not.toContain(specifier);
  });
});

describe("the checks themselves", () => {
  let dir: string;
  const fixture = async (name: string, code: string) => {
    await writeFile(join(dir, name), code);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-budgets-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reports a bundle over a smaller budget", () => {
    expect(overBudget("the bundle", bundle.gzipped, 1024)).toBe(
      `the bundle is ${bundle.gzipped} bytes, over its budget of 1024 bytes`,
    );
    expect(overBudget("the bundle", 1024, 1024)).toMatch(/over its budget/);
  });

  it("counts a chunk imported dynamically apart, as loaded on demand", async () => {
    await fixture(
      "heavy.ts",
      `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `w${i * 7919}`))};\n`,
    );
    const light = await fixture("light.ts", 'export const load = () => import("./heavy.js");\n');
    const size = await browserBundleSize(light);
    expect(size.gzipped).toBeLessThan(200);
    expect(size.lazy).toBeGreaterThan(4000);
  });

  it("finds a built-in or another package imported statically, however deep", async () => {
    await fixture(
      "deep.ts",
      'import { createServer } from "node:net";\nexport const serve = createServer;\n',
    );
    await fixture("http.ts", 'import ky from "ky";\nexport const get = ky.get;\n');
    const top = await fixture("top.ts", 'export * from "./deep.js";\nexport * from "./http.js";\n');
    expect(await runtimeImports(top)).toEqual({ packages: ["ky"], builtins: ["node:net"], dynamic: [] });
  });

  it("tells a dynamic import, loaded only when asked for, from a static one", async () => {
    const lazy = await fixture("lazy.ts", 'export const agent = () => import("node:tls");\n');
    expect(await runtimeImports(lazy)).toEqual({ packages: [], builtins: [], dynamic: ["node:tls"] });
  });
});
