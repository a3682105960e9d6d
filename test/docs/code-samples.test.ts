// The reference site's code samples are programs, not prose. Every sample the site shows, on the page of each
// API version, is taken from that version's bundled spec (each operation's x-codeSamples, and each ```ts or
// ```sh block of the introduction and the guides): the TypeScript ones are type-checked against the client and
// run against the mock appliance, and the curl ones are replayed against the mock, each request answered with a
// success its operation declares. A sample that rots fails here.
//
// The samples are written for a reader: they call the host of the v1 documentation's examples
// (https://abc.ukwest.cloudapp.azure.com), import the package by its name, and take secrets from the
// environment (VBAZURE_PASSWORD and VBAZURE_MFA_CODE, and VBAZURE_TOKEN, VBAZURE_REFRESH_TOKEN and
// VBAZURE_MFA_TOKEN in curl). To run one, the harness replaces that host with the mock's origin (the client
// accepts http:// to a loopback host) and the package name with the path of src/index.ts, sets those variables
// to values the mock accepts, imports the sample and records what it prints. Which mock, at which URL, with
// which values: test/helpers/sampleAppliance.ts. Type-checking sees the sample as the reader does, with only the
// package name mapped to the source (test/helpers/typecheck.ts).
import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type SpecVersion, specRoots } from "../../scripts/bundle.js";
import { root } from "../../scripts/redocly.js";
import { sampleAppliance, sampleOrigin } from "../helpers/sampleAppliance.js";
import { type Json, loadSpec } from "../helpers/spec.js";
import { typecheck } from "../helpers/typecheck.js";

const versions = Object.keys(specRoots) as SpecVersion[];
const methods = new Set(["get", "put", "post", "delete", "patch"]);

interface Sample {
  version: SpecVersion;
  /** Where the site shows it: `v8.1 createToken (TypeScript)`, `v1 Pagination tag, code block 2 (curl)`. */
  name: string;
  lang: "TypeScript" | "curl";
  source: string;
  /** The file it comes from, for an operation's sample (`openapi/v8.1/code-samples/createToken.ts`). */
  file?: string;
}

/** Every operation of the bundled spec, with its method and path. */
function operationsOf(spec: Json): { method: string; path: string; operation: Json }[] {
  return Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
    Object.entries<Json>(item)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

/** Every code sample of the bundled spec of `version`, named after where the site shows it. */
function samplesOf(version: SpecVersion, spec: Json): Sample[] {
  const samples: Sample[] = [];
  for (const { operation } of operationsOf(spec)) {
    for (const { lang, source } of operation["x-codeSamples"] ?? []) {
      const file = `openapi/${version}/code-samples/${operation.operationId}.${lang === "curl" ? "sh" : "ts"}`;
      samples.push({ version, name: `${version} ${operation.operationId} (${lang})`, lang, source, file });
    }
  }
  const markdown: [string, string][] = [
    ["introduction", spec.info.description],
    ...spec.tags.map((tag: Json): [string, string] => [`${tag.name} tag`, tag.description]),
  ];
  for (const [where, text] of markdown) {
    for (const [i, match] of [...text.matchAll(/```(ts|sh)\n([\s\S]*?)```/g)].entries()) {
      const lang = match[1] === "ts" ? "TypeScript" : "curl";
      samples.push({
        version,
        name: `${version} ${where}, code block ${i + 1} (${lang})`,
        lang,
        source: match[2] ?? "",
      });
    }
  }
  return samples;
}

const specs = Object.fromEntries(versions.map((version) => [version, loadSpec(version)])) as Record<
  SpecVersion,
  Json
>;
const samples = versions.flatMap((version) => samplesOf(version, specs[version]));
const typescript = samples.filter((sample) => sample.lang === "TypeScript");
const curl = samples.filter((sample) => sample.lang === "curl");

// What each TypeScript sample prints when it runs against the mock, in the state sampleAppliance.reset() leaves.
const expectedOutput: Record<string, RegExp> = {
  "v1 createToken (TypeScript)": /^logged in; first page: 1 VM\(s\)$/m,
  "v1 listVirtualMachineSnapshots (TypeScript)":
    /^test-linux \(bp6tt895\w+\): 1 disk snapshot\(s\)\noffset 0: 1 of 30$/m,
  // Sessions 1 to 8 are there already: the deletion is session 9, and ends at once (jobDurationMs 0).
  "v1 deleteVirtualMachineSnapshots (TypeScript)": /^job session 9: Success\njob session 9: Success$/m,
  "v1 getJobSession (TypeScript)":
    /^SnapshotDeletion: Success\nstopped: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/m,
  "v1 introduction, code block 2 (TypeScript)": /^bp6tt895\w+ test-linux$/m,
  "v1 Pagination tag, code block 2 (TypeScript)": /^bp6tt895\w+ test-linux\noffset 0: 1 VMs$/m,
  "v8.1 createToken (TypeScript)": /^logged in; 1 VM\(s\) with snapshots$/m,
  "v8.1 listVirtualMachineSnapshots (TypeScript)":
    /^test-linux \(bp6tt895\w+\): 1 disk snapshot\(s\)\n {2}OS disk: test-linux_disk1_\w+\noffset 0: 1 of 1$/m,
  "v8.1 deleteVirtualMachineSnapshots (TypeScript)": /^job session 9: Success\njob session 9: Success$/m,
  "v8.1 deleteVirtualMachineManualSnapshots (TypeScript)":
    /^ManualSnapshotDeletion: Success\nManualSnapshotDeletion: Success$/m,
  "v8.1 batchDeleteVirtualMachineSnapshots (TypeScript)": /^job session 9: Success$/m,
  "v8.1 batchDeleteVirtualMachineManualSnapshots (TypeScript)": /^ManualSnapshotDeletion: Success$/m,
  "v8.1 getJobSession (TypeScript)":
    /^SnapshotDeletion: Success\nstopped: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/m,
  "v8.1 getSystemInfo (TypeScript)": /^product 8\.1\.0\.32, API v8\.1$/m,
  "v8.1 introduction, code block 2 (TypeScript)": /^bp6tt895\w+ test-linux v8\.1$/m,
  "v8.1 introduction, code block 4 (TypeScript)": /^Success$/m,
  "v8.1 API versions tag, code block 2 (TypeScript)":
    /^API v8\.1, product 8\.1\.0\.32\nfirst VM: test-linux\nv8\.1$/m,
  "v8.1 Pagination tag, code block 2 (TypeScript)": /^bp6tt895\w+ test-linux\noffset 0: 1 of 1 VMs$/m,
  "v8.1 Multi-factor authentication tag, code block 2 (TypeScript)": /^logged in: 1 VM\(s\) with snapshots$/m,
  "v8.1 Multi-factor authentication tag, code block 3 (TypeScript)": /^v8\.1 1$/m,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-samples-"));
  await sampleAppliance.start();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sampleAppliance.stop();
  await rm(dir, { recursive: true, force: true });
});
// Each sample finds the appliance as the samples are written for, whatever the one before it deleted.
beforeEach(() => sampleAppliance.reset());

/** Runs a TypeScript sample against the mock and returns what it printed. */
async function run(sample: Sample): Promise<string> {
  const file = join(dir, `${sample.name.replace(/\W+/g, "-")}.ts`);
  const runnable = sample.source
    .replaceAll(sampleOrigin, sampleAppliance.urlFor(sample.name))
    .replaceAll('from "veeam-azure-client"', `from ${JSON.stringify(join(root, "src", "index.ts"))}`);
  await writeFile(file, runnable);
  for (const [name, value] of Object.entries(sampleAppliance.environment)) vi.stubEnv(name, value);
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args) => {
    printed.push(format(...args));
  });
  try {
    await import(file);
  } finally {
    log.mockRestore();
  }
  return printed.join("\n");
}

/** The requests of a curl sample, as the shell would pass them to curl. */
function curlRequests(source: string): Request[] {
  const lines = source
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  return lines.map((line) => curlRequest(words(line)));
}

function expand(text: string): string {
  return text.replace(/\$(\w+)/g, (_, name: string) => {
    const value = sampleAppliance.environment[name as keyof typeof sampleAppliance.environment];
    if (value === undefined) throw new Error(`the sample uses $${name}, which the harness does not set`);
    return value;
  });
}

/** Splits a command line into words: '...' is literal, "..." and bare words expand $VARIABLES. */
function words(line: string): string[] {
  const result: string[] = [];
  for (const [, single, double, bare] of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    result.push(single ?? expand(double ?? bare ?? ""));
  }
  return result;
}

/** The request that curl would send for `argv` (the options the samples use, and no others). */
function curlRequest(argv: string[]): Request {
  if (argv[0] !== "curl") throw new Error(`not a curl command: ${argv.join(" ")}`);
  let method: string | undefined;
  let url: string | undefined;
  let data: string | undefined;
  const headers = new Headers();
  const form = new URLSearchParams();
  for (let i = 1; i < argv.length; i++) {
    const [option, value = ""] = [argv[i], argv[i + 1]];
    if (option === "-i") continue; // prints the status line and headers: nothing sent differs
    if (option === "-X") method = value;
    else if (option === "-H")
      headers.append(value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1).trim());
    else if (option === "--data-urlencode")
      form.append(value.slice(0, value.indexOf("=")), value.slice(value.indexOf("=") + 1));
    else if (option === "-d") data = value;
    else if (option?.startsWith("-")) throw new Error(`the harness does not know curl's ${option}`);
    else {
      url = option;
      continue;
    }
    i++;
  }
  if (!url?.startsWith(sampleOrigin)) throw new Error(`the sample calls ${url}, not ${sampleOrigin}`);
  if (data !== undefined && form.size > 0) throw new Error("the sample mixes -d and --data-urlencode");
  // Like curl: -d sends its text as it is, and without a Content-Type of the sample's, as a form.
  if (data !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/x-www-form-urlencoded");
  const body = form.size > 0 ? form : (data ?? null);
  return new Request(url.replace(sampleOrigin, sampleAppliance.urlFor("curl")), {
    method: method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
}

/** The success statuses that the operation of `spec` answering `method url` declares. */
function declaredSuccesses(spec: Json, method: string, url: string): string[] {
  const { pathname } = new URL(url);
  for (const { method: declared, path, operation } of operationsOf(spec)) {
    const template = new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (declared === method.toLowerCase() && template.test(pathname)) {
      return Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
    }
  }
  throw new Error(`${method} ${pathname}: no operation of the spec answers it`);
}

describe("the reference site's code samples", () => {
  it.each(versions)("cover every operation of %s with one curl and one TypeScript sample", (version) => {
    const operations = operationsOf(specs[version]);
    expect(operations.length).toBeGreaterThan(0);
    for (const { operation } of operations) {
      expect(
        operation["x-codeSamples"]?.map((s: Json) => s.lang),
        `${version} ${operation.operationId}`,
      ).toEqual(["curl", "TypeScript"]);
    }
  });

  it.each(versions)("of %s are every file of its code-samples folder, each an operation's", (version) => {
    const files = readdirSync(join(root, "openapi", version, "code-samples")).map(
      (file) => `openapi/${version}/code-samples/${file}`,
    );
    const used = samples.filter((sample) => sample.version === version && sample.file).map((s) => s.file);
    expect(files.sort()).toEqual(used.sort());
  });

  it("each have the output they should print against the mock, and no output is expected of a sample that is gone", () => {
    expect(Object.keys(expectedOutput).sort()).toEqual(typescript.map((sample) => sample.name).sort());
  });

  it("type-check against the client: every TypeScript sample", () => {
    const sources = Object.fromEntries(
      typescript.map((sample) => [
        `code-sample-${sample.name.replace(/\W+/g, "-")}.ts`,
        `${sample.source}\nexport {};\n`,
      ]),
    );
    expect(typecheck(sources)).toEqual([]);
  });

  it("type-check against the client: a sample that misuses it does not", () => {
    const v81 = typescript.find((sample) => sample.name === "v8.1 listVirtualMachineSnapshots (TypeScript)");
    const v1 = typescript.find((sample) => sample.name === "v1 listVirtualMachineSnapshots (TypeScript)");
    const misused = {
      // v1's disk snapshot has no diskName (v8.1's name for it): the v1 client's types say so.
      "code-sample-stale-v1.ts": v81?.source.replace('apiVersion: "v8.1"', 'apiVersion: "v1"') ?? "",
      "code-sample-stale-option.ts": v1?.source.replace("createClient({", "createClient({ base: 1,") ?? "",
    };
    const errors = typecheck(
      Object.fromEntries(Object.entries(misused).map(([name, text]) => [name, `${text}\nexport {};\n`])),
    );
    expect(errors.join("\n")).toMatch(/code-sample-stale-v1\.ts: .*diskName/);
    expect(errors.join("\n")).toMatch(/code-sample-stale-option\.ts: [^/]*'base' does not exist/);
  });

  it.each(typescript.map((sample) => [sample.name, sample] as const))(
    "run against the mock appliance: %s",
    async (name, sample) => {
      expect(await run(sample)).toMatch(expectedOutput[name] ?? /no expected output/);
    },
  );

  it("run against the mock appliance: a sample that fails there fails here", async () => {
    const failing = typescript.find((sample) => sample.name === "v8.1 getJobSession (TypeScript)");
    const source = failing?.source.replace('getJobSession("8")', 'getJobSession("")') ?? "";
    const broken = { ...(failing as Sample), name: "failing", source };
    await expect(run(broken)).rejects.toThrow(/id/);
  });

  it.each(curl.map((sample) => [sample.name, sample] as const))(
    "replay against the mock appliance: %s",
    async (_, sample) => {
      const requests = curlRequests(sample.source);
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        const declared = declaredSuccesses(specs[sample.version], request.method, request.url);
        const response = await fetch(request);
        const answer = `${request.method} ${request.url}: ${response.status} ${await response.text()}`;
        expect(declared, answer).toContain(String(response.status));
      }
    },
  );

  it("replay against the mock appliance: a request the appliance would refuse is caught", async () => {
    const [request] = curlRequests(`curl '${sampleOrigin}/api/v8.1/jobSessions/8'`);
    const response = await fetch(request as Request);
    await response.body?.cancel();
    expect(response.status).toBe(401);
    expect(declaredSuccesses(specs["v8.1"], "GET", (request as Request).url)).not.toContain("401");
  });

  it("replay against the mock appliance: a success is the one its operation declares, per version", () => {
    const remove = (version: SpecVersion, path: string) =>
      declaredSuccesses(specs[version], "POST", `${sampleOrigin}${path}`);
    expect(remove("v1", "/api/v1/virtualMachines/vm1/deleteSnapshots")).toEqual(["200"]);
    expect(remove("v8.1", "/api/v8.1/protectedItem/virtualMachines/vm1/deleteSnapshots")).toEqual([
      "202",
      "204",
    ]);
    expect(() => remove("v8.1", "/api/v1/virtualMachines/vm1/deleteSnapshots")).toThrow(/no operation/);
  });

  it("replay against the mock appliance: -d sends its JSON as the body, with the sample's Content-Type", async () => {
    const [request] = curlRequests(
      `curl -i -X POST '${sampleOrigin}/api/v8.1/protectedItem/virtualMachines/deleteSnapshots' -H 'Content-Type: application/json' -d '{"ids":["a"]}'`,
    );
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(await request?.json()).toEqual({ ids: ["a"] });
  });
});
