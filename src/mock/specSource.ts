// Where the package's bundled specs are: dist/openapi/<version>.json of the package this file belongs to (both
// mocks read them from here). The
// file may run from src/mock/ (development), dist/mock/ or a shared chunk in dist/, so the package root is found
// by walking up to the package.json rather than by a fixed relative path.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const root = packageRoot();

/**
 * The path of the bundled spec of `version` (`v1` or `v8.1`).
 *
 * @example
 * ```ts
 * bundledSpecFile("v8.1"); // ".../node_modules/veeam-azure-client/dist/openapi/v8.1.json"
 * ```
 */
export const bundledSpecFile = (version: "v1" | "v8.1"): string =>
  join(root, "dist", "openapi", `${version}.json`);
