// `npm run bundle`: resolves the multi-file spec into one document, as YAML and JSON, for Prism, the docs and
// the package. Usage: tsx scripts/bundle.ts [outDir]   (default dist/)
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { isMain } from "./is-main.js";
import { redoclyOrThrow, root } from "./redocly.js";

/** Paths of a written bundle. */
export interface Bundle {
  yaml: string;
  json: string;
}

/** Bundles `openapi/openapi.yaml` into `outDir/openapi.yaml` and `outDir/openapi.json`. */
export async function bundleSpec(outDir: string): Promise<Bundle> {
  await mkdir(outDir, { recursive: true });
  const yaml = join(outDir, "openapi.yaml");
  const json = join(outDir, "openapi.json");
  await redoclyOrThrow(["bundle", "openapi/openapi.yaml", "--output", yaml]);
  await writeFile(json, `${JSON.stringify(parse(await readFile(yaml, "utf8")), null, 2)}\n`);
  return { yaml, json };
}

if (isMain(import.meta.url)) {
  const { yaml, json } = await bundleSpec(resolve(root, process.argv[2] ?? "dist"));
  console.log(`bundled ${yaml} and ${json}`);
}
