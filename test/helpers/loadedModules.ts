// What an entry loads at run time, seen from a fresh Node process: every module it pulls in (directly or through
// what it loaded), in order, recorded by test/helpers/recordImports.mjs, and the packages they belong to.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "../../scripts/redocly.js";

/**
 * Runs `body` in a fresh Node process after `const { names } = await import(entry)` (the source file `entry`,
 * relative to the root); returns the modules the entry loaded, in order, with "MARK" where `body` called
 * `mark()`.
 *
 * @example
 * ```ts
 * const order = await modulesLoadedBy("src/index.ts", "createClient", 'createClient({ baseUrl, token: "t" }); mark();');
 * ```
 */
export async function modulesLoadedBy(entry: string, names: string, body: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-imports-"));
  try {
    const url = pathToFileURL(join(root, entry)).href;
    const record = join(dir, "record.txt");
    const probe = join(dir, "probe.mjs");
    await writeFile(
      probe,
      [
        'import { appendFileSync } from "node:fs";',
        "const mark = () => appendFileSync(process.env.RECORD_IMPORTS, 'MARK MARK\\n');",
        `const { ${names} } = await import(${JSON.stringify(url)});`,
        body,
      ].join("\n"),
    );
    execFileSync(
      process.execPath,
      ["--import", join(root, "test/helpers/recordImports.mjs"), "--import", "tsx", probe],
      { cwd: root, env: { ...process.env, RECORD_IMPORTS: record }, stdio: "pipe" },
    );
    // Only what the entry pulls in counts, not what tsx loads to compile it.
    const loaded = new Set([url]);
    const order: string[] = [];
    for (const line of (await readFile(record, "utf8")).trim().split("\n")) {
      const [parent = "", module = ""] = line.split(" ");
      if (module === "MARK") order.push("MARK");
      else if (loaded.has(parent) && !loaded.has(module)) {
        loaded.add(module);
        order.push(module);
      }
    }
    return order;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The packages (and `node:` builtins) among `urls`, the project's own source files left out.
 *
 * @example
 * ```ts
 * packagesOf(order); // ["openapi-fetch"]
 * ```
 */
export const packagesOf = (urls: string[]): string[] => [
  ...new Set(
    urls
      .filter((url) => !url.startsWith(pathToFileURL(join(root, "src")).href))
      .map((url) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? url),
  ),
];
