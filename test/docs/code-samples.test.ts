// The reference site's code samples are programs, not prose. Every sample the site shows is taken from the
// bundled spec (each operation's x-codeSamples, and each ```ts or ```sh block of the introduction and the
// guides): the TypeScript ones are type-checked against the client and run against the Prism mock appliance,
// and the curl ones are replayed against the mock. A sample that rots fails here.
//
// The samples are written for a reader: they call the host of the v1 documentation's examples
// (https://abc.ukwest.cloudapp.azure.com), import the package by its name, and take secrets from the
// environment (VBAZURE_PASSWORD, and VBAZURE_TOKEN / VBAZURE_REFRESH_TOKEN in curl). To run one, the harness
// replaces that host with the mock's origin (the client accepts http:// to a loopback host) and the package
// name with the path of src/index.ts, sets those variables to values the mock accepts (any bearer token, any
// non-empty password), imports the sample and records what it prints. Type-checking sees the sample as the
// reader does, with only the package name mapped to the source (test/helpers/typecheck.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { root } from "../../scripts/redocly.js";
import { type Json, loadSpec } from "../helpers/spec.js";
import { typecheck } from "../helpers/typecheck.js";

const seedOrigin = "https://abc.ukwest.cloudapp.azure.com";
const mockUrl = inject("mockUrl");
const environment = {
  VBAZURE_PASSWORD: "mock-password",
  VBAZURE_TOKEN: "mock-access-token",
  VBAZURE_REFRESH_TOKEN: "mock-refresh-token",
};

interface Sample {
  name: string;
  lang: "TypeScript" | "curl";
  source: string;
}

/** Every code sample of the bundled spec, named after where the site shows it. */
function samplesOf(spec: Json): Sample[] {
  const samples: Sample[] = [];
  for (const item of Object.values<Json>(spec.paths)) {
    for (const operation of Object.values<Json>(item)) {
      for (const { lang, source } of operation["x-codeSamples"] ?? []) {
        samples.push({ name: `${operation.operationId} (${lang})`, lang, source });
      }
    }
  }
  const markdown: [string, string][] = [
    ["introduction", spec.info.description],
    ...spec.tags.map((tag: Json): [string, string] => [`${tag.name} tag`, tag.description]),
  ];
  for (const [where, text] of markdown) {
    for (const [i, match] of [...text.matchAll(/```(ts|sh)\n([\s\S]*?)```/g)].entries()) {
      const lang = match[1] === "ts" ? "TypeScript" : "curl";
      samples.push({ name: `${where}, code block ${i + 1} (${lang})`, lang, source: match[2] ?? "" });
    }
  }
  return samples;
}

const spec = loadSpec();
const samples = samplesOf(spec);
const typescript = samples.filter((sample) => sample.lang === "TypeScript");
const curl = samples.filter((sample) => sample.lang === "curl");

// What each TypeScript sample prints when it runs against the mock, which answers with the v1 pages' examples.
const expectedOutput: Record<string, RegExp> = {
  "createToken (TypeScript)": /^logged in; first page: 1 VM\(s\)$/m,
  "listVirtualMachineSnapshots (TypeScript)":
    /^test-linux \(bp6tt895\w+\): 1 disk snapshot\(s\)\noffset 0: 1 of 30$/m,
  "deleteVirtualMachineSnapshots (TypeScript)": /^job session 8: Success\njob session 8: Success$/m,
  "getJobSession (TypeScript)": /^SnapshotDeletion: Success\nstopped: 2020-02-03T13:29:36.031632Z$/m,
  "introduction, code block 2 (TypeScript)": /^bp6tt895\w+ test-linux$/m,
  "Pagination tag, code block 2 (TypeScript)": /^bp6tt895\w+ test-linux\noffset 0: 1 VMs$/m,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-samples-"));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** Runs a TypeScript sample against the mock and returns what it printed. */
async function run(sample: Sample): Promise<string> {
  const file = join(dir, `${sample.name.replace(/\W+/g, "-")}.ts`);
  const runnable = sample.source
    .replaceAll(seedOrigin, mockUrl)
    .replaceAll('from "veeam-azure-client"', `from ${JSON.stringify(join(root, "src", "index.ts"))}`);
  await writeFile(file, runnable);
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
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
    const value = environment[name as keyof typeof environment];
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
  const headers = new Headers();
  const form = new URLSearchParams();
  for (let i = 1; i < argv.length; i++) {
    const [option, value = ""] = [argv[i], argv[i + 1]];
    if (option === "-X") method = value;
    else if (option === "-H")
      headers.append(value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1).trim());
    else if (option === "--data-urlencode")
      form.append(value.slice(0, value.indexOf("=")), value.slice(value.indexOf("=") + 1));
    else if (option?.startsWith("-")) throw new Error(`the harness does not know curl's ${option}`);
    else {
      url = option;
      continue;
    }
    i++;
  }
  if (!url?.startsWith(seedOrigin)) throw new Error(`the sample calls ${url}, not ${seedOrigin}`);
  const body = form.size > 0 ? form : null;
  return new Request(url.replace(seedOrigin, mockUrl), {
    method: method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
}

describe("the reference site's code samples", () => {
  it("cover every operation with one curl and one TypeScript sample", () => {
    for (const item of Object.values<Json>(spec.paths)) {
      for (const operation of Object.values<Json>(item)) {
        expect(
          operation["x-codeSamples"].map((s: Json) => s.lang),
          operation.operationId,
        ).toEqual(["curl", "TypeScript"]);
      }
    }
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
    const stale = typescript[0]?.source.replace("createClient({", "createClient({ base: 1,") ?? "";
    expect(typecheck({ "code-sample-stale.ts": `${stale}\nexport {};\n` })).toHaveLength(1);
  });

  it.each(typescript.map((sample) => [sample.name, sample] as const))(
    "run against the mock appliance: %s",
    async (name, sample) => {
      expect(await run(sample)).toMatch(expectedOutput[name] ?? /no expected output/);
    },
  );

  it("run against the mock appliance: a sample that fails there fails here", async () => {
    const failing = { name: "failing", lang: "TypeScript", source: typescript[0]?.source ?? "" } as const;
    const broken = {
      ...failing,
      source: failing.source.replace(/\.getVirtualMachineSnapshotsPage\(/, '.getJobSession("", '),
    };
    await expect(run(broken)).rejects.toThrow();
  });

  it.each(curl.map((sample) => [sample.name, sample] as const))(
    "replay against the mock appliance: %s",
    async (_, sample) => {
      const requests = curlRequests(sample.source);
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        const response = await fetch(request);
        expect(response.status, `${request.method} ${request.url}: ${await response.text()}`).toBe(200);
      }
    },
  );

  it("replay against the mock appliance: a request the appliance would refuse is caught", async () => {
    const [request] = curlRequests(`curl '${seedOrigin}/api/v1/jobSessions/8'`);
    const response = await fetch(request as Request);
    await response.body?.cancel();
    expect(response.status).toBe(401);
  });
});
