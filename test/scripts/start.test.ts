// `npm start`: the stateful mock appliance (every version on one port, 250 VMs whose first is the seed example's)
// and the reference site (a page per version) come up on loopback, answer, and Ctrl-C (SIGINT) stops both,
// leaving nothing listening.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { root } from "../../scripts/redocly.js";

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
});

function waitFor(output: () => string, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = output().match(pattern);
      if (match) {
        clearInterval(poll);
        resolve(match);
      } else if (Date.now() - started > ms || child?.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} in:\n${output()}`));
      }
    }, 100);
  });
}

describe("npm start", () => {
  it("serves every version's inventory and the reference site, prints a curl of each, and stops on SIGINT", async () => {
    const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
    child = spawn(process.execPath, [tsx, "scripts/start.ts", "--port", "0", "--docs-port", "0"], {
      cwd: root,
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));

    await waitFor(() => output, /Ctrl-C stops both/, 90_000);
    const mockUrl = output.match(/Mock appliance: +(http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    const docsUrl = output.match(/API reference: +(http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
    expect(output).toContain(
      `Mock appliance:  ${mockUrl}   (v8.1, v8, v7, v6, v1; 250 VMs; any bearer token is accepted)`,
    );
    // The newest version first, then the control routes.
    expect(output).toContain(
      [
        `  curl -H 'Authorization: Bearer x' ${mockUrl}/api/v8.1/restorePoints/virtualMachines/snapshots`,
        `  curl -H 'Authorization: Bearer x' ${mockUrl}/api/v1/virtualMachineSnapshots`,
        `  curl -X POST ${mockUrl}/_mock/reset   (the control routes under /_mock/: see the README)`,
      ].join("\n"),
    );

    const list = await fetch(`${mockUrl}/api/v1/virtualMachineSnapshots`, {
      headers: { Authorization: "Bearer x" },
    });
    const v1 = await list.json();
    expect(v1).toMatchObject({ offset: 0, limit: 30 });
    expect(v1.results).toHaveLength(30);
    expect(v1.results[0]).toMatchObject({ name: "test-linux" }); // the seed example's VM first
    const page = await fetch(`${mockUrl}/api/v8.1/restorePoints/virtualMachines/snapshots`, {
      headers: { Authorization: "Bearer x" },
    });
    expect(page.status).toBe(200);
    const v81 = await page.json();
    expect(v81).toMatchObject({ offset: 0, limit: 100, totalCount: 250 });
    expect(v81.results).toHaveLength(100);
    expect(v81.results[0]).toMatchObject({ name: "test-linux" });
    const site = await fetch(`${docsUrl}`);
    expect(site.headers.get("content-type")).toMatch(/text\/html/);
    expect(await site.text()).toContain('url=v8.1/index.html"'); // the index opens the newest version
    // A page per version, v8.1 first, each with its own spec.
    expect(output).toContain(
      [`  v8.1:          ${docsUrl}v8.1/`, `  v1:            ${docsUrl}v1/`].join("\n"),
    );
    for (const [version, title] of [
      ["v8.1", "8.1"],
      ["v1", "1.0"],
    ]) {
      const page = await fetch(`${docsUrl}${version}/`);
      expect(await page.text()).toContain('<nav class="version-switch" aria-label="API version">');
      const spec = await fetch(`${docsUrl}${version}/openapi.json`);
      expect(await spec.json()).toMatchObject({ openapi: "3.1.0", info: { version: title } });
    }

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fetch(`${mockUrl}/api/v1/virtualMachineSnapshots`)).rejects.toThrow();
    await expect(fetch(`${mockUrl}/api/v8.1/system/about`)).rejects.toThrow();
    await expect(fetch(`${docsUrl}`)).rejects.toThrow();
  }, 120_000);
});
