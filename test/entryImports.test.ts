// What the client entry loads at run time: openapi-fetch and its own files, nothing else, also when the Node-only
// `ca` option is given; undici (for `ca`) is loaded by the first request that needs it.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "../scripts/redocly.js";
import { selfSignedCertificate } from "./helpers/certificate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-imports-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const entry = pathToFileURL(join(root, "src/index.ts")).href;

/**
 * Runs `body` in a fresh Node process after importing the client entry as `createClient`; returns the modules the
 * entry loaded (directly or through what it loaded), in order, with "MARK" where `body` called `mark()`.
 */
async function modulesLoadedByEntry(body: string): Promise<string[]> {
  const record = join(dir, `record-${Math.random().toString(36).slice(2)}.txt`);
  const probe = join(dir, "probe.mjs");
  await writeFile(
    probe,
    [
      'import { appendFileSync } from "node:fs";',
      "const mark = () => appendFileSync(process.env.RECORD_IMPORTS, 'MARK MARK\\n');",
      `const { createClient } = await import(${JSON.stringify(entry)});`,
      body,
    ].join("\n"),
  );
  execFileSync(
    process.execPath,
    ["--import", join(root, "test/helpers/recordImports.mjs"), "--import", "tsx", probe],
    { cwd: root, env: { ...process.env, RECORD_IMPORTS: record }, stdio: "pipe" },
  );
  // Only what the entry pulls in counts, not what tsx loads to compile it.
  const loaded = new Set([entry]);
  const order: string[] = [];
  for (const line of (await readFile(record, "utf8")).trim().split("\n")) {
    const [parent = "", url = ""] = line.split(" ");
    if (url === "MARK") order.push("MARK");
    else if (loaded.has(parent) && !loaded.has(url)) {
      loaded.add(url);
      order.push(url);
    }
  }
  return order;
}

const packages = (urls: string[]) => [
  ...new Set(
    urls
      .filter((url) => !url.startsWith(pathToFileURL(join(root, "src")).href))
      .map((url) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? url),
  ),
];

describe("the client entry at run time", () => {
  it("loads only openapi-fetch, also for a client with `ca`; undici comes with the first request over it", async () => {
    const { cert } = await selfSignedCertificate(["127.0.0.1"]);
    const order = await modulesLoadedByEntry(
      [
        `const client = createClient({ baseUrl: "https://127.0.0.1:1", token: "t", retry: false, ca: ${JSON.stringify(cert)} });`,
        "mark();",
        'await client.getJobSession("8").catch(() => {});',
      ].join("\n"),
    );
    const at = order.indexOf("MARK");
    expect(packages(order.slice(0, at))).toEqual(["openapi-fetch"]);
    expect(packages(order.slice(at + 1))).toEqual(["undici"]);
  });
});
