// `npm run bench`: this client against raw fetch and its peers, on a loopback server in a process of its own,
// as users get it (the compiled dist/). Prints a Markdown report and, after a full run, writes it to
// bench/RESULTS.md. Every figure is a ratio to a baseline measured in the same run, in interleaved rounds.
//   npm run bench                        everything; writes bench/RESULTS.md
//   npm run bench -- --quick             fewer rounds and smaller collections, to try the bench itself
//   npm run bench -- --only=listing      one section (per-request, listing, memory, cold-start, mock)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../scripts/build.js";
import { bundleSpecs } from "../scripts/bundle.js";
import { root } from "../scripts/redocly.js";
import type * as Package from "../src/index.js";
import { naiveListing, perRequestContenders, perRequestNames, token } from "./contenders.js";
import { collectionUrl, startServerProcess } from "./server.js";
import { interleave, interleaveCalls, type Measured, type Summary, summarise } from "./stats.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const wanted = (section: string) => only === undefined || only.split(",").includes(section);
const log = (line: string) => process.stderr.write(`${line}\n`);

// The per-item work of the listing's caller, the same in every contender: it writes each snapshot out as a
// line of JSON (as a `--json` listing would) and sums the lengths, so that nothing can be optimised away.
let written = 0;
const consume = (item: unknown) => {
  written += JSON.stringify(item).length + 1;
};

const ratio = (s: Summary) => `**${s.median.toFixed(2)}x** (${s.p25.toFixed(2)}–${s.p75.toFixed(2)})`;
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const kib = (value: unknown) => (JSON.stringify(value).length / 1024).toFixed(0);
const verdict = (met: boolean, goal: string) => `${met ? "met" : "**missed**"}: ${goal}`;

interface Section {
  title: string;
  lines: string[];
}

async function perRequest(lib: typeof Package, origin: string): Promise<Section> {
  const baseUrl = collectionUrl(origin, 0, 1_000_000);
  const contenders = perRequestContenders(lib, baseUrl);
  const names = Object.keys(contenders);
  // A page of 30 each (the server reads each version's query names case-sensitively, so a contender sending
  // the wrong ones would get the default 100), and a v8.1 page, with its count, but for the v1 row.
  for (const name of names) {
    const page = await contenders[name]?.(0, 30);
    if (page?.results.length !== 30) throw new Error(`${name} did not get a page of 30`);
    const v1 = name === perRequestNames.oursV1;
    if (v1 !== (page.totalCount === undefined))
      throw new Error(`${name} did not get a ${v1 ? "v1" : "v8.1"} page`);
  }
  const calls = quick ? 20 : 100;
  const measured = await interleaveCalls(
    names,
    { rounds: quick ? 5 : 30, warmup: quick ? 1 : 3, calls },
    (name) => (contenders[name] as (offset: number, limit: number) => Promise<unknown>)(0, 30),
    (line) => log(`per request: ${line}`),
  );
  const median = (name: string) => summarise((measured[name] as Measured).ratios).median;
  const ourRatio = median(perRequestNames.ours);
  const peers = [perRequestNames.ky, perRequestNames.axios].map(median);
  const size = async (name: string) => kib(await contenders[name]?.(0, 30));
  const lines = [
    `One GET of a 30-item page of the v8.1 list (${await size(perRequestNames.baseline)} KiB of JSON), body parsed; each round makes ${calls} requests with each contender, one request of each in turn. The v1 row is the client created with \`apiVersion: "v1"\`, getting the v1 page from the same server (${await size(perRequestNames.oursV1)} KiB: no \`totalCount\`, shorter links), against the same baseline.`,
    "",
    "| Client | Time per request | vs raw `fetch` |",
    "| --- | ---: | ---: |",
    ...names.map((name) => {
      const { times, ratios } = measured[name] as Measured;
      return `| ${name} | ${ms(summarise(times).median * 1000)} µs | ${ratio(summarise(ratios))} |`;
    }),
    "",
    `Goals: ${verdict(ourRatio <= 1.05, "on v8.1, <= 1.05x raw fetch")}; ${verdict(
      peers.every((peer) => ourRatio < peer),
      "ahead of ky and axios",
    )}.`,
  ];
  return { title: "Per request", lines };
}

async function listing(lib: typeof Package, origin: string): Promise<Section> {
  const total = quick ? 2_000 : 20_000;
  const pageSize = 100;
  // What the caller's work costs alone, per page: all that a prefetch can hide while one page is in flight.
  const sample = await lib
    .createClient({ baseUrl: collectionUrl(origin, 0, total), token })
    .getVirtualMachineSnapshotsPage({ limit: pageSize });
  const work: number[] = [];
  for (let round = 0; round < 100; round++) {
    const started = performance.now();
    for (const item of sample.results) consume(item);
    if (round >= 50) work.push(performance.now() - started); // the first rounds warm the JIT up
  }
  const rows: string[] = [];
  const goals: string[] = [];
  for (const latency of [5, 20]) {
    const baseUrl = collectionUrl(origin, latency, total);
    const client = lib.createClient({ baseUrl, token });
    const contenders: Record<string, () => AsyncIterable<unknown>> = {
      "naive loop, raw `fetch`": () => naiveListing(baseUrl, pageSize),
      "**veeam-azure-client**, default (2 requests in flight)": () =>
        client.listVirtualMachineSnapshots({ pageSize }),
      "**veeam-azure-client**, `concurrency: 1` (a page only once the last has arrived)": () =>
        client.listVirtualMachineSnapshots({ pageSize, concurrency: 1 }),
      "**veeam-azure-client**, `concurrency: 4`": () =>
        client.listVirtualMachineSnapshots({ pageSize, concurrency: 4 }),
    };
    const names = Object.keys(contenders);
    const measured = await interleave(
      names,
      { rounds: quick ? 3 : latency === 5 ? 9 : 7, warmup: 1 },
      async (name) => {
        const started = performance.now();
        let count = 0;
        for await (const item of (contenders[name] as () => AsyncIterable<unknown>)()) {
          consume(item);
          count++;
        }
        if (count !== total) throw new Error(`${name} listed ${count} of ${total}`);
        return performance.now() - started;
      },
      (line) => log(`listing at ${latency} ms: ${line}`),
    );
    for (const name of names) {
      const { times, ratios } = measured[name] as Measured;
      rows.push(
        `| ${latency} ms | ${name} | ${ms(summarise(times).median)} ms | ${ratio(summarise(ratios))} |`,
      );
    }
    const [, prefetch, , parallel] = names.map(
      (name) => summarise((measured[name] as Measured).ratios).median,
    );
    if (latency === 5)
      goals.push(verdict((prefetch ?? 9) <= 0.9, "<= 0.9x at 5 ms with the default prefetch"));
    if (latency === 20)
      goals.push(verdict((parallel ?? 9) <= 0.35, "<= 0.35x at 20 ms with `concurrency: 4`"));
  }
  return {
    title: "Listing",
    lines: [
      `Every snapshot of a ${total.toLocaleString("en")}-item collection, read through the v8.1 list (the client as created by default), pages of ${pageSize}, the server waiting the given latency before each answer. The caller does the same work for each item in every contender: it serialises the snapshot as a line of JSON, as a \`--json\` listing would; that takes ${ms(summarise(work).median)} ms per page, measured alone. The pages carry \`totalCount\`, so the client stops on the last page, without asking for the empty one past it; the naive loop stops the same way (on reaching \`totalCount\`, or on an empty page), so both make ${Math.ceil(total / pageSize)} requests.`,
      "",
      "| Latency | Iteration | Time for all | vs the naive loop |",
      "| --- | --- | ---: | ---: |",
      ...rows,
      "",
      `Goals: ${goals.join("; ")}.`,
    ],
  };
}

/** Runs `node <args>` (in `cwd`, the repo by default) and returns what it printed; throws, with its stderr, if it fails. */
function node(nodeArgs: string[], cwd = root): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`node ${nodeArgs.join(" ")} exited ${code}:\n${err}`)),
    );
  });
}

async function memory(distIndex: string, origin: string): Promise<Section> {
  const total = quick ? 100_000 : 1_000_000;
  // Pages of 100, as in the listing section (v8.1's default, given explicitly to both), of the v8.1 list.
  const pageSize = 100;
  const baseUrl = collectionUrl(origin, 0, total);
  interface Heap {
    count: number;
    peak: number;
    retained: number;
    after: number;
    seconds: number;
  }
  const runs: Record<string, Heap[]> = { raw: [], client: [] };
  const measured = await interleave(
    ["raw", "client"] as const,
    { rounds: quick ? 1 : 3, warmup: 0 },
    async (mode) => {
      const script = join(root, "bench", "memory.ts");
      const heap = JSON.parse(
        await node(["--expose-gc", "--import", "tsx", script, mode, distIndex, baseUrl, String(pageSize)]),
      ) as Heap;
      if (heap.count !== total) throw new Error(`${mode} listed ${heap.count} of ${total}`);
      runs[mode]?.push(heap);
      return heap.peak;
    },
    (line) => log(`memory: ${line}`),
  );
  const median = (mode: string, key: keyof Heap) =>
    summarise((runs[mode] ?? []).map((run) => run[key])).median;
  const row = (label: string, mode: "raw" | "client") =>
    `| ${label} | ${mb(median(mode, "peak"))} MB | ${mb(median(mode, "retained"))} MB | ${mb(median(mode, "after"))} MB | ${median(mode, "seconds").toFixed(1)} s | ${ratio(summarise(measured[mode].ratios))} |`;
  const limit = 64 * 2 ** 20;
  const goal = (key: keyof Heap, what: string) => verdict(median("client", key) < limit, what);
  return {
    title: "Memory",
    lines: [
      `Heap growth (over the heap before the iteration) while iterating ${total.toLocaleString("en")} snapshots of the v8.1 list (the client as created by default), pages of ${pageSize}, keeping none; each run in a fresh \`node --expose-gc\` process. Peak: the highest heap seen between collections, garbage included. Retained: the highest heap right after a forced full collection, every 100,000 items. After: once the iteration is over.`,
      "",
      "| Iteration | Peak | Retained | After | Time | Peak vs the naive loop |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      row("naive loop, raw `fetch`", "raw"),
      row("**veeam-azure-client**, default", "client"),
      "",
      `Goal (< 64 MB), read two ways: ${goal("retained", "retained, the heap still in use")}; ${goal("peak", "peak, garbage included (when V8 collects is its own choice)")}.`,
    ],
  };
}

async function mockAppliance(distUrl: string): Promise<Section> {
  // Start: import, create, log in, first page; each in a fresh process, the two mocks interleaved.
  const startScript = join(root, "bench", "mockStart.ts");
  const starts = await interleave(
    ["prism", "stateful"] as const,
    { rounds: quick ? 3 : 10, warmup: 1 },
    async (mode) => Number(await node(["--import", "tsx", startScript, mode, distUrl])),
    (line) => log(`mock start: ${line}`),
  );
  const prism = summarise(starts.prism.times).median;
  const stateful = summarise(starts.stateful.times).median;
  const startRatio = summarise(starts.stateful.ratios);

  // Listing a generated inventory in-process, through the client, pages of 100.
  const total = quick ? 100_000 : 1_000_000;
  const pageSize = 100;
  const listingScript = join(root, "bench", "mockListing.ts");
  interface Run {
    count: number;
    peak: number;
    retained: number;
    after: number;
    pageMs: number;
    mockPageMs: number;
    seconds: number;
  }
  const runs: Run[] = [];
  for (let round = 0; round < (quick ? 1 : 2); round++) {
    const run = JSON.parse(
      await node(["--expose-gc", "--import", "tsx", listingScript, distUrl, String(total), String(pageSize)]),
    ) as Run;
    if (run.count !== total) throw new Error(`mock listing: listed ${run.count} of ${total}`);
    log(`mock listing: round ${round + 1}: ${run.seconds.toFixed(1)} s, peak ${mb(run.peak)} MB`);
    runs.push(run);
  }
  const median = (key: keyof Run) => summarise(runs.map((run) => run[key])).median;
  const limit = 64 * 2 ** 20;
  return {
    title: "Mock appliance",
    lines: [
      'Start: a fresh `node` process each time, the two mocks interleaved; from just before the `import()` of `veeam-azure-client/mock` to the first page of the v8.1 list, after a login: the stateful mock in-process (`createMockAppliance({ product: "8.1" })`, requests through its `fetch`), the examples mock as Prism processes on loopback (`startExamplesMock()`, requests over HTTP).',
      "",
      "| Mock | Start | vs Prism |",
      "| --- | ---: | ---: |",
      `| examples mock (Prism) | ${ms(prism)} ms | 1 |`,
      `| **stateful mock**, in-process | ${ms(stateful)} ms | ${ratio(startRatio)} |`,
      "",
      `Goal: ${verdict(startRatio.median < 0.5, "start under half of Prism's")}.`,
      "",
      `Listing ${total.toLocaleString("en")} generated snapshots through the client from an in-process mock (\`createMockAppliance({ snapshots: ${total.toLocaleString("en")} })\`), pages of ${pageSize}, keeping none; a fresh \`node --expose-gc\` process per run (median of ${runs.length}). Heap: growth over the heap right after the mock was created (client and mock together). Per page: the mock's own time (inside its \`fetch\`: routing, validating the request, generating the page, validating the answer against the spec, writing JSON) beside the whole page's (the client's share is the rest).`,
      "",
      "| Peak | Retained | After | Per page | of which the mock | Total |",
      "| ---: | ---: | ---: | ---: | ---: | ---: |",
      `| ${mb(median("peak"))} MB | ${mb(median("retained"))} MB | ${mb(median("after"))} MB | ${median("pageMs").toFixed(2)} ms | ${median("mockPageMs").toFixed(2)} ms | ${median("seconds").toFixed(1)} s |`,
      "",
      `Goal (the heap stays under 64 MB over the heap right after the mock was created): ${verdict(median("retained") < limit, "retained")}; ${verdict(median("peak") < limit, "peak, garbage included")}.`,
    ],
  };
}

/**
 * A throwaway consumer project, as a user's would be: a package.json with `"type": "module"` and, in its
 * node_modules, this package as published (its package.json, read afresh, and a copy of the compiled `dist`,
 * in a folder of its own so that Node reads that package.json's `"type"` and `exports`) beside its runtime
 * dependencies (symlinks into the repo's node_modules, as a hoisted install would have them).
 */
async function consumerProject(dist: string): Promise<string> {
  const project = await realpath(await mkdtemp(join(tmpdir(), "veeam-azure-client-cold-start-")));
  const modules = join(project, "node_modules");
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const installed = join(modules, manifest.name);
  await mkdir(installed, { recursive: true });
  await writeFile(join(installed, "package.json"), JSON.stringify(manifest, null, 2));
  await cp(dist, join(installed, "dist"), { recursive: true });
  for (const dependency of new Set([...Object.keys(manifest.dependencies ?? {}), "openapi-fetch"])) {
    const target = join(root, "node_modules", dependency);
    if (!existsSync(target)) continue;
    await mkdir(dirname(join(modules, dependency)), { recursive: true });
    await symlink(target, join(modules, dependency), "dir");
  }
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "cold-start-consumer", private: true, type: "module" }),
  );
  return project;
}

async function coldStart(dist: string): Promise<Section> {
  const baseUrl = JSON.stringify("https://appliance.example");
  // Each script times, inside its process, from just before the import to the client made: the modules
  // resolved (by package name, through `exports`), loaded, parsed and run. The import is a dynamic one so that
  // the clock can start before it; a static import would be done before the script's first line.
  const timed = (body: string) =>
    `const started = performance.now();\n${body}\nprocess.stdout.write(String(performance.now() - started));\n`;
  const scripts = {
    // The baseline. openapi-fetch's createClient reads globalThis.fetch and Request, which makes Node.js load
    // undici: a cost of any fetch-based client, shown apart by the last row.
    "import openapi-fetch and `createClient()`": timed(
      `const { default: createClient } = await import("openapi-fetch");\ncreateClient({ baseUrl: ${baseUrl} });`,
    ),
    "import **veeam-azure-client** and `createClient()`": timed(
      `const { createClient } = await import("veeam-azure-client");\ncreateClient({ baseUrl: ${baseUrl}, token: "t" });`,
    ),
    // The entry of the v8.1 family alone: nothing of v1 in it.
    "import **veeam-azure-client/v8.1** and `createClient()`": timed(
      `const { createClient } = await import("veeam-azure-client/v8.1");\ncreateClient({ baseUrl: ${baseUrl}, token: "t" });`,
    ),
    "import openapi-fetch alone": timed('await import("openapi-fetch");'),
  };
  const names = Object.keys(scripts) as (keyof typeof scripts)[];
  const project = await consumerProject(dist);
  try {
    const files = Object.fromEntries(names.map((name, i) => [name, join(project, `cold-start-${i}.js`)]));
    for (const name of names) await writeFile(files[name] as string, scripts[name]);
    // That the names resolve into the consumer project, through the package's `exports`, and not elsewhere.
    const check = join(project, "check.js");
    await writeFile(
      check,
      'process.stdout.write(JSON.stringify(["veeam-azure-client", "veeam-azure-client/v8.1", "openapi-fetch"].map((name) => import.meta.resolve(name))));',
    );
    const [ours, oursV81, theirs] = JSON.parse(await node([check], project)) as string[];
    const installed = pathToFileURL(join(project, "node_modules", "veeam-azure-client")).href;
    if (
      !ours?.startsWith(`${installed}/`) ||
      !oursV81?.startsWith(`${installed}/dist/v8_1/`) ||
      !theirs?.includes("/openapi-fetch/")
    )
      throw new Error(`cold start: the consumer project resolves to ${ours}, ${oursV81} and ${theirs}`);
    const processes: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const measured = await interleave(
      names,
      { rounds: quick ? 5 : 30, warmup: 2 },
      async (name) => {
        const started = performance.now();
        const inside = Number(await node([files[name] as string], project));
        processes[name]?.push(performance.now() - started);
        if (!Number.isFinite(inside)) throw new Error(`cold start: ${name} printed no time`);
        return inside;
      },
      (line) => log(`cold start: ${line}`),
    );
    const baseline = processes[names[0] as string] ?? [];
    const whole = (name: string) => {
      const times = processes[name] ?? [];
      return { times, ratios: times.map((time, i) => time / (baseline[i] ?? Number.NaN)) };
    };
    const ourRatio = summarise(measured["import **veeam-azure-client** and `createClient()`"].ratios).median;
    return {
      title: "Cold start",
      lines: [
        'A fresh `node` process each time, the contenders interleaved, each a script in a throwaway consumer project (`"type": "module"`) whose node_modules holds the package as published (its package.json and the compiled dist/) and openapi-fetch; both are imported by package name (ours also by its `veeam-azure-client/v8.1` subpath), so Node resolves them through their `exports`; `createClient()` makes a v8.1 client, the default. In the process: from just before the `import()` to the client made (the modules resolved, loaded, parsed and run). Whole process: from spawn to exit, Node\'s own start-up included.',
        "",
        "| What | In the process | vs openapi-fetch's `createClient()` | Whole process | vs openapi-fetch's `createClient()` |",
        "| --- | ---: | ---: | ---: | ---: |",
        ...names.map((name) => {
          const { times, ratios } = whole(name);
          return `| ${name} | ${ms(summarise(measured[name].times).median)} ms | ${ratio(summarise(measured[name].ratios))} | ${ms(summarise(times).median)} ms | ${ratio(summarise(ratios))} |`;
        }),
        "",
        `Goal: ${verdict(ourRatio <= 1.25, "<= 1.25x openapi-fetch's own `createClient()` in the process, both imported by package name")}.`,
      ],
    };
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

const cpu = cpus();
const header = (load: number[]) => [
  "# Benchmark results",
  "",
  `- Machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  `- Node.js ${process.version} on ${process.platform}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  `- Load average (1, 5, 15 min) at the start: ${load.map((n) => n.toFixed(2)).join(", ")}; at the end: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(", ")}`,
  "- Made by `npm run bench` (bench/run.ts) against a loopback server in its own process (bench/server.ts) serving the seed snapshot with varied ids, in API v8.1's shape (the v8.1 spec's seed example) and, for the v1 row, v1's (the v1 seed page); the client as built into dist/.",
  "",
  "Each figure is the median over the rounds; a ratio is to the baseline measured in the same round (rounds interleave the contenders, A B C A B C ..., rotating the order), shown as **median** (interquartile range). Below 1 is faster (or smaller) than the baseline.",
];

const loadAtStart = loadavg();
log(`load average ${loadAtStart.map((n) => n.toFixed(2)).join(" ")}; building dist/ for the bench`);
const dist = join(root, "node_modules", ".cache", "veeam-azure-client-bench", "dist");
await compile(dist);
// The mock reads the specs of its own package (dist/openapi/ beside the package.json above its files).
await bundleSpecs(join(dist, "openapi"));
await writeFile(
  join(dist, "..", "package.json"),
  JSON.stringify({ name: "veeam-azure-client", type: "module" }),
);
const distIndex = pathToFileURL(join(dist, "index.js")).href;
const lib = (await import(distIndex)) as typeof Package;
const server = await startServerProcess();
const sections: Section[] = [];
try {
  if (wanted("per-request")) sections.push(await perRequest(lib, server.origin));
  if (wanted("listing")) sections.push(await listing(lib, server.origin));
  if (wanted("memory")) sections.push(await memory(distIndex, server.origin));
  if (wanted("cold-start")) sections.push(await coldStart(dist));
  if (wanted("mock")) sections.push(await mockAppliance(pathToFileURL(dist).href));
} finally {
  await server.close();
}
const report = [
  ...header(loadAtStart),
  ...sections.flatMap(({ title, lines }) => ["", `## ${title}`, "", ...lines]),
]
  .join("\n")
  .concat("\n");
process.stdout.write(report);
if (!quick && only === undefined) {
  await writeFile(join(root, "bench", "RESULTS.md"), report);
  log("written to bench/RESULTS.md");
}
log(`(checksum ${written})`);
