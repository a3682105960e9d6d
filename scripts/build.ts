// `npm run build` (and `npm pack`, through prepack): the package's dist/ from scratch: ESM and .d.ts by tsc,
// and the bundled spec (dist/openapi.yaml, dist/openapi.json) that the mock entry serves.
// Usage: tsx scripts/build.ts [outDir]   (default dist/)
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { bundleSpec } from "./bundle.js";
import { isMain } from "./is-main.js";
import { root } from "./redocly.js";

/** Compiles the library (ESM and .d.ts) into `outDir`, emptied first. */
export async function compile(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir],
    { cwd: root, encoding: "utf8" },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
}

/** Builds the package into `outDir` (emptied first). */
export async function build(outDir: string): Promise<void> {
  await compile(outDir);
  await bundleSpec(outDir);
}

if (isMain(import.meta.url)) {
  const outDir = resolve(root, process.argv[2] ?? "dist");
  await build(outDir);
  console.log(`built ${outDir}`);
}
