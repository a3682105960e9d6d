// `vbazure mock`: the stateful mock appliance by default (its options shape the inventory, the product, the job
// sessions and the latency), the static Prism mock with --examples, each serving until it is told to stop (by
// PID or by its signal), then gone; a port in use is one line.
import { createServer } from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, inject, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { mockOptions, runMock, type StatefulMockOptions } from "../../src/cli/mockCommand.js";
import { UsageError } from "../../src/cli/usageError.js";
import { createClient } from "../../src/index.js";
import { parseOutput, runCli, startCli } from "../helpers/cli.js";

const auth = { headers: { Authorization: "Bearer any" } };
const urlIn = (shown: string) => /Mock appliance: (http:\/\/127\.0\.0\.1:\d+)/.exec(shown)?.[1] ?? "";

const defaults: StatefulMockOptions = {
  examples: false,
  port: 0,
  product: undefined,
  snapshots: 250,
  seed: 1,
  latencyMs: 0,
  jobDurationMs: 2_000,
  verbose: false,
};

/** Runs `runMock` in this process until the returned `stop`; `url` once it has printed it. */
async function running(options: Partial<StatefulMockOptions>) {
  const stdout = new PassThrough();
  let shown = "";
  const tried = new Promise<void>((resolve) =>
    stdout.on("data", (chunk: Buffer) => {
      shown += chunk.toString("utf8");
      if (shown.includes("Control: ")) resolve();
    }),
  );
  const stderr = new PassThrough();
  let logged = "";
  stderr.on("data", (chunk: Buffer) => (logged += chunk.toString("utf8")));
  const io: Io = { stdin: new PassThrough(), stdout, stderr, env: {} };
  const controller = new AbortController();
  const done = runMock({ ...defaults, ...options }, io, controller.signal);
  await Promise.race([tried, done]);
  return {
    url: urlIn(shown),
    shown,
    logged: () => logged,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}

async function json(url: string, init: RequestInit = auth) {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

describe("vbazure mock (the stateful mock)", () => {
  it("serves a paging inventory and deletions whose sessions finish, with control routes, until SIGTERM", async () => {
    const mock = startCli(["mock", "--port", "0", "--snapshots", "40", "--job-duration", "0.5"]);
    let url = "";
    try {
      const shown = await mock.waitFor(/Control: .*\n/);
      url = urlIn(shown);
      expect(shown).toContain(`Mock appliance: ${url}  (v8.1, v8, v7, v6, v1; 40 VMs; Ctrl-C stops it)`);
      expect(shown).toContain(`Try: vbazure snapshots list --url ${url} --token any`);
      expect(shown).toContain(`Control: curl -X POST ${url}/_mock/reset`);
      const listed = await runCli([
        "snapshots",
        "list",
        "--all",
        "--url",
        url,
        "--token",
        "any",
        "--output",
        "json",
      ]);
      const vms = parseOutput.json(listed.stdout) as { name: string; vmId: string }[];
      expect(vms).toHaveLength(40);
      expect(vms[0]?.name).toBe("test-linux");
      const deleted = await runCli(
        ["snapshots", "delete", vms[1]?.vmId ?? "", "--yes", "--wait", "--interval", "0.2"],
        { env: { VBAZURE_URL: url, VBAZURE_TOKEN: "any" } },
      );
      expect(deleted.code).toBe(0);
      expect(deleted.stdout).toContain("Success");
      expect((await json(`${url}/_mock/snapshots/count`)).body).toEqual({ count: 39 });
    } finally {
      const { code } = await mock.stop("SIGTERM");
      expect(code).toBe(0);
    }
    await expect(fetch(`${url}/_mock/clock`)).rejects.toThrow();
  });

  it("plays the --product given: product 1.0 serves v1 only", async () => {
    const mock = await running({ product: "1.0", snapshots: 3 });
    try {
      expect(mock.shown).toContain("(product 1.0: v1; 3 VMs; Ctrl-C stops it)");
      expect((await json(`${mock.url}/api/v1/virtualMachineSnapshots`)).body.results).toHaveLength(3);
      expect((await fetch(`${mock.url}/api/v8.1/system/about`, auth)).status).toBe(404);
    } finally {
      expect(await mock.stop()).toBe(0);
    }
  });

  it("generates the inventory from --seed: the same seed, the same VMs; another, others", async () => {
    const names = async (seed: number) => {
      const mock = await running({ snapshots: 5, seed });
      try {
        const page = await json(`${mock.url}/api/v8.1/restorePoints/virtualMachines/snapshots`);
        return (page.body.results as { name: string }[]).map((vm) => vm.name);
      } finally {
        await mock.stop();
      }
    };
    const first = await names(3);
    expect(first).toHaveLength(5);
    expect(await names(3)).toEqual(first);
    expect(await names(4)).not.toEqual(first);
  });

  it("runs a deletion's job session for --job-duration on the mock's clock", async () => {
    const mock = await running({ snapshots: 2, jobDurationMs: 60_000 });
    try {
      const client = createClient({ baseUrl: mock.url, token: "any" });
      const [, vm] = (await client.getVirtualMachineSnapshotsPage()).results;
      expect(await client.deleteVirtualMachineSnapshots(vm?.vmId ?? "")).toMatchObject({ status: "Running" });
      const advance = (ms: number) =>
        fetch(`${mock.url}/_mock/clock/advance`, { method: "POST", body: JSON.stringify({ ms }) });
      const status = async () => (await json(`${mock.url}/_mock/sessions`)).body[0]?.status;
      await advance(59_000);
      expect(await status()).toBe("Running");
      await advance(1_000);
      expect(await status()).toBe("Success");
    } finally {
      await mock.stop();
    }
  });

  it("waits --latency milliseconds before each answer", async () => {
    const mock = await running({ snapshots: 1, latencyMs: 300 });
    try {
      const started = performance.now();
      await fetch(`${mock.url}/api/v8.1/system/about`, auth);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await mock.stop();
    }
  });

  it("prints each request and its status on stderr with --verbose, never a header or body", async () => {
    const mock = await running({ snapshots: 1, verbose: true });
    try {
      await fetch(`${mock.url}/api/v8.1/restorePoints/virtualMachines/snapshots?Limit=5`, auth);
      await fetch(`${mock.url}/api/v8.1/system/about`);
      await fetch(`${mock.url}/api/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=Password&username=backupadmin&password=s3cret",
      });
      expect(mock.logged()).toBe(
        [
          "GET /api/v8.1/restorePoints/virtualMachines/snapshots?Limit=5 200",
          "GET /api/v8.1/system/about 401",
          "POST /api/oauth2/token 200",
          "",
        ].join("\n"),
      );
    } finally {
      await mock.stop();
    }
  });

  it("prints nothing on stderr without --verbose", async () => {
    const mock = await running({ snapshots: 1 });
    try {
      await fetch(`${mock.url}/api/v8.1/system/about`, auth);
      expect(mock.logged()).toBe("");
    } finally {
      await mock.stop();
    }
  });

  it("reports a port already in use in one line, with exit code 2", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      for (const args of [["mock"], ["mock", "--examples", "--spec", inject("bundledSpecYaml")]]) {
        const { code, stdout, stderr } = await runCli([...args, "--port", String(port)]);
        expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
        expect(stderr).toBe(
          `vbazure: port ${port} on 127.0.0.1 is in use: pick another port, or 0 for any free one\n`,
        );
      }
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses a port that is not one, with exit code 2", async () => {
    const { code, stderr } = await runCli(["mock", "--port", "70000"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Give a whole number from 0 to 65535.");
  });

  it("refuses an unknown --product, listing the ones it plays", async () => {
    const { code, stderr } = await runCli(["mock", "--product", "9.0"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Allowed choices are 8.1, 8.0, 7.0, 1.0");
  });

  it("--help lists its own options and --verbose, not the client's", async () => {
    const { code, stdout } = await runCli(["mock", "--help"]);
    expect(code).toBe(0);
    for (const option of ["--product", "--snapshots", "--seed", "--latency", "--job-duration", "--port"])
      expect(stdout).toContain(`${option} <`);
    for (const option of ["--examples", "--spec <file>", "--verbose"]) expect(stdout).toContain(option);
    for (const option of ["--url", "--token", "--username", "--ca-file", "--timeout"])
      expect(stdout).not.toContain(`${option} <`);
    expect(stdout).toContain("/_mock/");
  });
});

describe("mockOptions", () => {
  const parsed = { port: 4010, snapshots: 250, seed: 1, latency: 0, jobDuration: 2_000 };
  const none = () => false;

  it("maps the stateful mock's options", () => {
    expect(
      mockOptions(
        { ...parsed, product: "8.0", snapshots: 5, seed: 2, latency: 10, jobDuration: 500 },
        none,
        false,
      ),
    ).toEqual({
      examples: false,
      port: 4010,
      product: "8.0",
      snapshots: 5,
      seed: 2,
      latencyMs: 10,
      jobDurationMs: 500,
      verbose: false,
    });
  });

  it("maps --examples with its specs and --verbose", () => {
    expect(mockOptions({ ...parsed, examples: true, spec: ["a.yaml"] }, none, true)).toEqual({
      examples: true,
      port: 4010,
      spec: ["a.yaml"],
      verbose: true,
    });
  });

  it("refuses the stateful mock's options with --examples, naming them", () => {
    const given = (name: string) => name === "snapshots" || name === "jobDuration";
    expect(() => mockOptions({ ...parsed, examples: true }, given, false)).toThrow(
      new UsageError(
        "--snapshots, --job-duration apply to the stateful mock, not to --examples (Prism serves the specs' examples as they are)",
      ),
    );
  });

  it("refuses --spec without --examples", () => {
    expect(() => mockOptions({ ...parsed, spec: ["a.yaml"] }, none, false)).toThrow(
      new UsageError(
        "--spec applies to --examples (the static mock of the specs' examples): add --examples, or drop --spec",
      ),
    );
  });

  it("does so on the command line too, with exit code 2", async () => {
    const misplaced = await runCli(["mock", "--examples", "--seed", "3"]);
    expect(misplaced).toMatchObject({ code: 2, stdout: "" });
    expect(misplaced.stderr).toBe(
      "vbazure: --seed applies to the stateful mock, not to --examples (Prism serves the specs' examples as they are)\n",
    );
    const spec = await runCli(["mock", "--spec", "a.yaml"]);
    expect(spec).toMatchObject({ code: 2, stdout: "" });
    expect(spec.stderr).toMatch(/^vbazure: --spec applies to --examples/);
  });
});

describe("vbazure mock --examples (Prism)", () => {
  it("serves the specs given (--spec, repeated) on a free loopback port until SIGTERM, then stops Prism and exits with 0", async () => {
    const specs = inject("bundledSpecs");
    const mock = startCli([
      "mock",
      "--examples",
      "--port",
      "0",
      "--spec",
      specs.v1.yaml,
      "--spec",
      specs["v8.1"].yaml,
    ]);
    let url = "";
    try {
      const shown = await mock.waitFor(/Try: .*\n/);
      url = urlIn(shown);
      expect(shown).toContain(
        `Mock appliance: ${url}  (the specs' examples, served by Prism; Ctrl-C stops it)`,
      );
      expect(shown).not.toContain("Control: ");
      const listed = await runCli(["snapshots", "list", "--url", url, "--token", "any", "--output", "json"]);
      expect(JSON.parse(listed.stdout)[0]).toMatchObject({ name: "test-linux" });
      const v8 = await fetch(`${url}/api/v8.1/system/about`, auth);
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
    const done = runMock(
      { examples: true, port: 0, spec: [specs.v1.yaml, specs["v8.1"].yaml], verbose: false },
      io,
      controller.signal,
    );
    let url = "";
    try {
      await Promise.race([tried, done]);
      url = urlIn(shown);
      expect((await fetch(`${url}/api/v1/jobSessions/8`, auth)).status).toBe(200);
      expect((await fetch(`${url}/api/v8.1/system/about`, auth)).status).toBe(200);
    } finally {
      controller.abort();
      expect(await done).toBe(0);
    }
    await expect(fetch(`${url}/api/v8.1/system/about`)).rejects.toThrow();
  });
});
