// `npm run build` (and `npm pack`, through prepack): the package's dist/ from scratch: ESM and .d.ts by tsc,
// the client entry bundled into one module by esbuild, and the bundled specs (dist/openapi/<version>.yaml
// and .json) that the mock entry serves.
// Usage: tsx scripts/build.ts [outDir]   (default dist/)
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { build as esbuild } from "esbuild";
import { bundleSpecs } from "./bundle.js";
import { isMain } from "./is-main.js";
import { root } from "./redocly.js";

/**
 * Compiles the library into `outDir`, emptied first: every module and its .d.ts by tsc (the CLI and mock
 * entries load these), then the client entries (dist/index.js, dist/v1/index.js, dist/v8_1/index.js) again,
 * each as one module by esbuild (what they share in chunks). Loading the entry
 * then costs one file besides openapi-fetch rather than one per source file, which is most of a cold start
 * (`npm run bench`, Cold start). Its Node-only part for `ca` stays a chunk of its own, loaded on demand.
 */
export async function compile(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir],
    { cwd: root, encoding: "utf8" },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  await esbuild({
    absWorkingDir: root,
    // The main entry (every version) and one per version family, so an app that speaks one carries only it.
    entryPoints: { index: "src/index.ts", "v1/index": "src/v1/index.ts", "v8_1/index": "src/v8_1/index.ts" },
    outdir: outDir,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    packages: "external",
    allowOverwrite: true,
    logLevel: "warning",
  });
}

/** Builds the package into `outDir` (emptied first). */
export async function build(outDir: string): Promise<void> {
  await compile(outDir);
  await bundleSpecs(join(outDir, "openapi"));
}

if (isMain(import.meta.url)) {
  const outDir = resolve(root, process.argv[2] ?? "dist");
  await build(outDir);
  console.log(`built ${outDir}`);
}
