// The checks behind test/budgets.test.ts, kept apart so that a test can show each of them failing: how large the
// browser bundle of an entry is, and what an entry loads at run time (by following its import graph).
import { builtinModules } from "node:module";
import { join, relative, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { root } from "../../scripts/redocly.js";

/** The sizes of a bundle, in bytes. */
export interface BundleSize {
  /** What a page loads with the entry (its chunk and the chunks that one imports), minified. */
  minified: number;
  /** The same, gzipped (each file on its own, as a server sends it). */
  gzipped: number;
  /** What it loads only when code asks for it (`import()`), gzipped. */
  lazy: number;
}

/**
 * The size of `entry` bundled for browsers as an application would ship it: minified, with what it imports
 * inlined, and split where it imports something dynamically, since that chunk is loaded only when asked for.
 * A Node.js built-in is left out (only a dynamic import may load one, see runtimeImports).
 */
export async function browserBundleSize(entry: string): Promise<BundleSize> {
  const { outputFiles, metafile } = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    splitting: true,
    outdir: "out",
    platform: "browser",
    format: "esm",
    external: ["node:*"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const gzipped = new Map(
    outputFiles.map((file) => [
      relative(root, file.path).split(sep).join("/"),
      gzipSync(file.contents, { level: 9 }),
    ]),
  );
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const edge of metafile.outputs[path]?.imports ?? [])
      if (edge.kind === "import-statement") visit(edge.path);
  };
  visit(Object.keys(metafile.outputs).find((path) => metafile.outputs[path]?.entryPoint !== undefined) ?? "");
  const size = { minified: 0, gzipped: 0, lazy: 0 };
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (!initial.has(path)) size.lazy += gzipped.get(path)?.byteLength ?? 0;
    else {
      size.minified += output.bytes;
      size.gzipped += gzipped.get(path)?.byteLength ?? 0;
    }
  }
  return size;
}

/** Why `actual` bytes break a budget of `budget` bytes, or undefined when they do not. */
export function overBudget(what: string, actual: number, budget: number): string | undefined {
  return actual < budget ? undefined : `${what} is ${actual} bytes, over its budget of ${budget} bytes`;
}

/** What an entry loads at run time. */
export interface RuntimeImports {
  /** Packages loaded with the entry: imported statically by it, or by anything it imports so. */
  packages: string[];
  /** Node.js built-ins loaded with the entry, likewise. */
  builtins: string[];
  /** What is loaded only when code asks for it (`import()`), not with the entry. */
  dynamic: string[];
}

const builtins = new Set(builtinModules);
const isBuiltin = (path: string) => path.startsWith("node:") || builtins.has(path.split("/")[0] ?? "");
const staticKinds = new Set(["import-statement", "require-call", "require-resolve"]);

/** The package a module path or a bare specifier belongs to (`@scope/name` or `name`). */
function packageOf(path: string): string {
  const bare = path.includes("node_modules/") ? path.slice(path.lastIndexOf("node_modules/") + 13) : path;
  const parts = bare.split("/");
  return (bare.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/**
 * Follows the import graph of `entry` (as esbuild resolves it, types erased) through its static imports, and
 * lists the packages and built-ins it reaches, and the dynamic imports on the way, which are not followed.
 */
export async function runtimeImports(entry: string): Promise<RuntimeImports> {
  const { metafile } = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    nodePaths: [join(root, "node_modules")],
    bundle: true,
    platform: "node", // built-ins stay external, so that they show in the graph
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs: Metafile["inputs"] = metafile.inputs;
  const entryPath = relative(root, resolve(root, entry)).split(sep).join("/"); // as the metafile names it
  const found = { packages: new Set<string>(), builtins: new Set<string>(), dynamic: new Set<string>() };
  const seen = new Set<string>();
  const queue = [entryPath];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    if (path.includes("node_modules/")) found.packages.add(packageOf(path));
    for (const edge of inputs[path]?.imports ?? []) {
      const target = edge.original ?? edge.path;
      if (edge.kind === "dynamic-import") found.dynamic.add(target);
      else if (!staticKinds.has(edge.kind)) continue;
      else if (!edge.external) queue.push(edge.path);
      else if (isBuiltin(edge.path)) found.builtins.add(edge.path);
      else found.packages.add(packageOf(edge.path));
    }
  }
  return {
    packages: [...found.packages].sort(),
    builtins: [...found.builtins].sort(),
    dynamic: [...found.dynamic].sort(),
  };
}
