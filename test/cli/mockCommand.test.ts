// `vbazure mock`: the mock appliance from the bundled specs, serving until it is told to stop (by PID), then gone.
import { createServer } from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, inject, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { runMock } from "../../src/cli/mockCommand.js";
import { runCli, startCli } from "../helpers/cli.js";

describe("vbazure mock", () => {
  it("serves the specs given (--spec, repeated) on a free loopback port until SIGTERM, then stops Prism and exits with 0", async () => {
    const specs = inject("bundledSpecs");
    const mock = startCli(["mock", "--port", "0", "--spec", specs.v1.yaml, "--spec", specs["v8.1"].yaml]);
    let url = "";
    try {
      const shown = await mock.waitFor(/Try: .*\n/);
      url = /Mock appliance: (http:\/\/127\.0\.0\.1:\d+)/.exec(shown)?.[1] ?? "";
      expect(shown).toContain(`Try: vbazure snapshots list --url ${url} --token any`);
      const listed = await runCli(["snapshots", "list", "--url", url, "--token", "any", "--output", "json"]);
      expect(JSON.parse(listed.stdout)[0]).toMatchObject({ name: "test-linux" });
      const v8 = await fetch(`${url}/api/v8.1/system/about`, { headers: { Authorization: "Bearer any" } });
      expect(v8.status).toBe(200);
    } finally {
      const { code } = await mock.stop("SIGTERM");
      expect(code).toBe(0);
    }
    // Prism went with it: nothing listens there any more.
    await expect(fetch(`${url}/api/v1/jobSessions/8`)).rejects.toThrow();
  });

  it("serves every spec it is given on one port, each version under its own prefix, until aborted", async () => {
    const specs = inject("bundledSpecs");
    const stdout = new PassThrough();
    let shown = "";
    const tried = new Promise<void>((resolve) =>
      stdout.on("data", (chunk: Buffer) => {
        shown += chunk.toString("utf8");
        if (shown.includes("Try: ")) resolve();
      }),
    );
    const io: Io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {} };
    const controller = new AbortController();
    const running = runMock(
      { port: 0, spec: [specs.v1.yaml, specs["v8.1"].yaml], verbose: false },
      io,
      controller.signal,
    );
    let url = "";
    try {
      await Promise.race([tried, running]);
      url = /Mock appliance: (http:\/\/127\.0\.0\.1:\d+)/.exec(shown)?.[1] ?? "";
      const auth = { headers: { Authorization: "Bearer any" } };
      expect((await fetch(`${url}/api/v1/jobSessions/8`, auth)).status).toBe(200);
      expect((await fetch(`${url}/api/v8.1/system/about`, auth)).status).toBe(200);
    } finally {
      controller.abort();
      expect(await running).toBe(0);
    }
    await expect(fetch(`${url}/api/v8.1/system/about`)).rejects.toThrow();
  });

  it("reports a port already in use, and what to do", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await runCli([
        "mock",
        "--port",
        String(port),
        "--spec",
        inject("bundledSpecYaml"),
      ]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `vbazure: port ${port} on 127.0.0.1 is in use: pick another port, or 0 for any free one\n`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses a port that is not one, with exit code 2", async () => {
    const { code, stderr } = await runCli(["mock", "--port", "70000"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Give a whole number from 0 to 65535.");
  });
});
