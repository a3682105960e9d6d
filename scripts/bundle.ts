// `npm run bundle`: resolves each version's multi-file spec into one document, as YAML and JSON, for Prism, the
// docs and the package. Usage: tsx scripts/bundle.ts [outDir]   (default dist/; writes outDir/openapi/<version>.*)
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { isMain } from "./is-main.js";
import { redoclyOrThrow, root } from "./redocly.js";

/** The API versions with a spec of their own, each the root file of its multi-file description. */
export const specRoots = {
  v1: "openapi/v1/openapi.yaml",
  "v8.1": "openapi/v8.1/openapi.yaml",
} as const;

/** An API version with a spec of its own. */
export type SpecVersion = keyof typeof specRoots;

/** Paths of a written bundle. */
export interface Bundle {
  yaml: string;
  json: string;
}

/**
 * Bundles the spec of `version` into `outDir/<name>.yaml` and `outDir/<name>.json`.
 *
 * @example
 * ```ts
 * await bundleSpec("dist/openapi", "v8.1", "v8.1"); // dist/openapi/v8.1.yaml and .json
 * ```
 */
export async function bundleSpec(
  outDir: string,
  version: SpecVersion = "v1",
  name = "openapi",
): Promise<Bundle> {
  await mkdir(outDir, { recursive: true });
  const yaml = join(outDir, `${name}.yaml`);
  const json = join(outDir, `${name}.json`);
  await redoclyOrThrow(["bundle", specRoots[version], "--output", yaml]);
  await writeFile(json, `${JSON.stringify(parse(await readFile(yaml, "utf8")), null, 2)}\n`);
  return { yaml, json };
}

/** Bundles every version's spec into `outDir/<version>.yaml` and `.json` (as the package ships them). */
export async function bundleSpecs(outDir: string): Promise<Record<SpecVersion, Bundle>> {
  const versions = Object.keys(specRoots) as SpecVersion[];
  const bundles = await Promise.all(versions.map((version) => bundleSpec(outDir, version, version)));
  return Object.fromEntries(versions.map((version, i) => [version, bundles[i]])) as Record<
    SpecVersion,
    Bundle
  >;
}

if (isMain(import.meta.url)) {
  const bundles = await bundleSpecs(join(resolve(root, process.argv[2] ?? "dist"), "openapi"));
  for (const { yaml, json } of Object.values(bundles)) console.log(`bundled ${yaml} and ${json}`);
}
