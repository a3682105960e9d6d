// `npm run mock`: the stateful mock appliance alone on loopback, its inventory and product from the options,
// until Ctrl-C (SIGINT); a bad option is one line and exit code 2.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { root } from "../../scripts/redocly.js";

const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]) {
  child = spawn(process.execPath, [tsx, "scripts/mock.ts", ...args], { cwd: root });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
  return { output: () => output, exited };
}

describe("npm run mock", () => {
  it("serves the --product with --snapshots VMs, prints curls of what it serves, and stops on SIGINT", async () => {
    const run = start(["--port", "0", "--snapshots", "5", "--seed", "2", "--product", "8.0"]);
    const pattern =
      /Mock appliance: (http:\/\/127\.0\.0\.1:\d+) {2}\(product 8\.0: v8, v7, v6; 5 VMs; Ctrl-C stops it\)/;
    await expect.poll(run.output, { timeout: 60_000, interval: 100 }).toMatch(/_mock\/reset/);
    const url = pattern.exec(run.output())?.[1];
    expect(url, run.output()).toBeDefined();
    expect(run.output()).toContain(
      `  curl -H 'Authorization: Bearer x' ${url}/api/v8/restorePoints/virtualMachines/snapshots\n  curl -X POST ${url}/_mock/reset`,
    );
    const page = await fetch(`${url}/api/v8/restorePoints/virtualMachines/snapshots`, {
      headers: { Authorization: "Bearer x" },
    });
    expect(await page.json()).toMatchObject({ totalCount: 5 });
    expect(
      (await fetch(`${url}/api/v8.1/system/about`, { headers: { Authorization: "Bearer x" } })).status,
    ).toBe(404);
    child?.kill("SIGINT");
    expect(await run.exited).toBe(0);
    await expect(fetch(`${url}/_mock/clock`)).rejects.toThrow();
  }, 90_000);

  it.each([
    [
      ["--product", "9.0"],
      '--product must be one of 8.1, 8.0, 7.0, 1.0 (or left out for every version), got "9.0"\n',
    ],
    [["--snapshots", "many"], '--snapshots must be a whole number, got "many"\n'],
  ])("refuses %j with one line and exit code 2", async (args, message) => {
    const run = start(args);
    expect(await run.exited).toBe(2);
    expect(run.output()).toBe(message);
  });
});
