// The README's "Testing your code against the mock" examples run, as tests of this file: the in-process one
// (createMockAppliance) and the server-mode one (startMockAppliance) register their `it`s here, against the
// source, and the curls of the control routes are replayed against a server. An example that rots fails here
// (test/readme.test.ts only type-checks them).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { root } from "../../scripts/redocly.js";
import { startMockAppliance } from "../../src/mock/server.js";

const readme = await readFile(join(root, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Testing your code against the mock"));
const blocks = (language: string) =>
  [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
const example = (marker: string) => {
  const found = blocks("ts").find((text) => text.includes(marker));
  if (!found)
    throw new Error(`the README's "Testing your code against the mock" has no example with ${marker}`);
  return found;
};

// The snippet as a module of its own: the package's entries mapped to the source, and vitest's functions this
// file's own, so that its `it`s are tests of this file.
const dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-readme-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const entries: Record<string, string> = {
  "veeam-azure-client": "src/index.ts",
  "veeam-azure-client/mock": "src/mock/index.ts",
};
(globalThis as { readmeVitest?: unknown }).readmeVitest = { afterEach, expect, it };
async function load(name: string, text: string): Promise<void> {
  const source = text
    .replace(/^import \{([^}]*)\} from "vitest";$/m, "const {$1} = (globalThis as any).readmeVitest;")
    .replace(/from "(veeam-azure-client(?:\/mock)?)";/g, (_, name: string) => {
      return `from ${JSON.stringify(pathToFileURL(join(root, entries[name] as string)).href)};`;
    });
  const file = join(dir, `${name}.ts`);
  await writeFile(file, `${source}\nexport {};\n`);
  await import(pathToFileURL(file).href);
}

describe("README: in the test process", async () => {
  await load("in-process", example("createMockAppliance("));
});

describe("README: as a server", async () => {
  await load("server", example("startMockAppliance("));
});

describe("README: the control routes with curl", () => {
  const run = promisify(execFile);
  let server: Awaited<ReturnType<typeof startMockAppliance>> | undefined;
  afterEach(() => server?.close());

  it("answers every curl of the example, as the table says", async () => {
    const curls = (blocks("sh").find((text) => text.includes("/_mock/")) ?? "")
      .split("\n")
      .filter((line) => line.startsWith("curl "));
    expect(curls.length).toBeGreaterThanOrEqual(4);
    server = await startMockAppliance({ port: 0, snapshots: 500 });
    const before = server.control.now().getTime();
    const outputs: string[] = [];
    for (const line of curls) {
      const command = line
        .replace("127.0.0.1:4010", new URL(server.url).host)
        .replace(/^curl /, "curl -sS --fail-with-body ");
      const { stdout } = await run("sh", ["-c", command]);
      outputs.push(stdout);
    }
    // What each one did, in order: reset to 20 VMs, a fault added (then cleared), the clock moved on.
    expect(server.control.snapshotCount()).toBe(20);
    expect(outputs).toContain('{"id":"1"}');
    expect(server.control.now().getTime() - before).toBeGreaterThanOrEqual(2_000);
    const page = await fetch(`${server.url}/api/v8.1/restorePoints/virtualMachines/snapshots`, {
      headers: { authorization: "Bearer x" },
    });
    expect(page.status).toBe(200); // the last curl cleared the faults
    expect((await page.json()).totalCount).toBe(20);
  });
});
