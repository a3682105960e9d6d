// `npm run docs`: builds the API reference site into dist/docs/ (a static folder for any web server): the
// Redoc page with its scripts inlined, and the bundled spec for download.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { bundleSpec } from "./bundle.js";
import { isMain } from "./is-main.js";
import { redoclyOrThrow, root } from "./redocly.js";

/** Builds the site into `outDir` and returns the path of its `index.html`. */
export async function buildDocs(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await bundleSpec(outDir);
  const index = join(outDir, "index.html");
  await redoclyOrThrow(["build-docs", "openapi/openapi.yaml", "--output", index, "--inlineBundle"]);
  return index;
}

if (isMain(import.meta.url)) {
  console.log(`built ${await buildDocs(resolve(root, process.argv[2] ?? "dist/docs"))}`);
}
