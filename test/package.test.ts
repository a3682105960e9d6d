// The published package, as a user gets it: built and packed into a tarball, checked by publint and
// arethetypeswrong, installed into a fresh project, type-checked there under `nodenext` and `bundler`
// resolution, and run against the mock appliance, as a library and as the `vbazure` command.
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { build } from "../scripts/build.js";
import { root } from "../scripts/redocly.js";

let work: string;
let tarball: string;
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const run = (command: string, args: string[], cwd: string) => {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
  } catch (error) {
    // What the command printed, in the failure (tsc prints its errors on stdout).
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw Object.assign(new Error(`${(error as Error).message}\n${stdout}${stderr}`), error as object);
  }
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "veeam-azure-client-package-"));
  const stage = join(work, "stage");
  await build(join(stage, "dist"));
  for (const file of ["package.json", "README.md", "LICENSE"])
    await copyFile(join(root, file), join(stage, file));
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", work], stage);
  tarball = join(work, (await readdir(work)).find((f) => f.endsWith(".tgz")) ?? "");
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds only the built library, its types and the bundled spec", () => {
    const files = run("tar", ["-tzf", tarball], work).trim().split("\n").sort();
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    for (const version of ["v1", "v8.1"]) {
      expect(files).toContain(`package/dist/openapi/${version}.yaml`);
      expect(files).toContain(`package/dist/openapi/${version}.json`);
    }
    expect(files).toContain("package/dist/v1/index.js");
    expect(files).toContain("package/dist/v8_1/index.d.ts");
    expect(files).toContain("package/LICENSE");
    expect(
      files.filter(
        (f) => !/^package\/(dist\/.*\.(js|d\.ts|yaml|json)|package\.json|README\.md|LICENSE)$/.test(f),
      ),
    ).toEqual([]);
  });

  it("passes publint --strict", () => {
    expect(run(process.execPath, [bin("publint"), "--strict", join(work, "stage")], root)).not.toMatch(
      /error|warning|suggestion/i,
    );
  });

  it("passes arethetypeswrong for an ESM-only package", () => {
    const output = run(
      process.execPath,
      [
        bin("attw"),
        tarball,
        "--profile",
        "esm-only",
        "--exclude-entrypoints",
        "./openapi.yaml",
        "./openapi/v1.yaml",
        "./openapi/v8.1.yaml",
        "--format",
        "json",
      ],
      root,
    );
    // ESM-only: a require() from CommonJS (node10, node16-cjs) is out of scope; every other resolution must be clean.
    const problems = JSON.parse(output).analysis.problems as { resolutionKind?: string }[];
    expect(
      problems.filter((p) => p.resolutionKind !== "node10" && p.resolutionKind !== "node16-cjs"),
    ).toEqual([]);
  });

  describe("installed into a fresh project", () => {
    let project: string;
    beforeAll(async () => {
      project = join(work, "consumer");
      await mkdir(project);
      await writeFile(
        join(project, "package.json"),
        JSON.stringify({ name: "consumer", private: true, type: "module" }),
      );
      run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], project);
      await writeFile(
        join(project, "consumer.ts"),
        [
          'import { ApiError, createClient, type JobSession, type VirtualMachineSnapshot } from "veeam-azure-client";',
          'import { createClient as createV1Client } from "veeam-azure-client/v1";',
          "const baseUrl: string = process.argv[2] ?? 'https://abc.ukwest.cloudapp.azure.com';",
          'const client = createClient({ baseUrl, token: "consumer-token" });',
          "const names: string[] = [];",
          "for await (const vm of client.listVirtualMachineSnapshots()) names.push((vm satisfies VirtualMachineSnapshot).name ?? '(unnamed)');",
          "const session: JobSession = await client.getJobSession('8');",
          "const failure = await client.getJobSession('').catch((e: unknown) => e);",
          "const old = createV1Client({ baseUrl, token: 'consumer-token' });",
          "const v1Names: string[] = [];",
          "for await (const vm of old.listVirtualMachineSnapshots()) v1Names.push(vm.name);",
          "const specs = ['./openapi/v8.1.yaml', './openapi/v8.1.json', './openapi/v1.yaml', './openapi/v1.json', './openapi.yaml'].map((s) => import.meta.resolve('veeam-azure-client/' + s.slice(2)).replace(/.*node_modules\\/veeam-azure-client\\//, ''));",
          "console.log(JSON.stringify({ names, v1Names, status: session.status, apiVersion: client.apiVersion, typeError: failure instanceof TypeError, apiError: ApiError.name, specs }));",
          "",
        ].join("\n"),
      );
      await writeFile(
        join(project, "env.d.ts"),
        "declare const process: { argv: string[] };\ninterface ImportMeta { resolve(specifier: string): string }\n",
      );
    }, 180_000);

    const tsconfig = (module: string, moduleResolution: string) => ({
      compilerOptions: {
        target: "ES2022",
        module,
        moduleResolution,
        lib: ["ES2022", "DOM"],
        types: [],
        strict: true,
        outDir: "out",
        skipLibCheck: false,
      },
      files: ["consumer.ts", "env.d.ts"],
    });

    it.each([
      ["nodenext", "nodenext"],
      ["esnext", "bundler"],
    ])("type-checks under module %s, moduleResolution %s", async (module, resolution) => {
      await writeFile(
        join(project, `tsconfig.${resolution}.json`),
        JSON.stringify(tsconfig(module, resolution)),
      );
      expect(() =>
        run(
          process.execPath,
          [join(root, "node_modules/typescript/bin/tsc"), "-p", `tsconfig.${resolution}.json`, "--noEmit"],
          project,
        ),
      ).not.toThrow();
    });

    it("installs the vbazure command, whose --help runs", () => {
      const help = run(join(project, "node_modules", ".bin", "vbazure"), ["--help"], project);
      expect(help).toMatch(/^Usage: vbazure \[options\] \[command\]/);
      expect(help).toContain("Exit codes:");
    });

    it("runs vbazure verify against the mock appliance with the spec it ships", () => {
      const output = run(
        join(project, "node_modules", ".bin", "vbazure"),
        ["verify", "--url", inject("mockUrl"), "--token", "t", "--session-id", "8"],
        project,
      );
      expect(output).toContain("The appliance matches the v8.1 spec (3 responses checked)."); // detected: the mock serves v8.1
    });

    // The mocks' dependencies are optional peer dependencies, which a consumer that only uses the client lacks.
    const mockFailure = (args: string[]) => {
      let failure: { status?: number; stderr?: string } = {};
      try {
        run(join(project, "node_modules", ".bin", "vbazure"), ["mock", "--port", "0", ...args], project);
      } catch (error) {
        failure = error as typeof failure;
      }
      return failure;
    };

    it("says how to install what the stateful mock needs when vbazure mock runs without it", () => {
      const failure = mockFailure([]);
      expect(failure.status).toBe(2);
      expect(failure.stderr).toMatch(
        /^vbazure: The mock appliance needs (openapi-backend|@faker-js\/faker), an optional peer dependency of veeam-azure-client: install it with `npm install --save-dev \1@[^`]+`\n$/,
      );
    });

    it("says how to install Prism when vbazure mock --examples runs without it", () => {
      const failure = mockFailure(["--examples"]);
      expect(failure.status).toBe(2);
      expect(failure.stderr).toBe(
        "vbazure: The mock appliance needs Prism: install it with `npm install --save-dev @stoplight/prism-cli@5.14.2`.\n",
      );
    });

    it("runs against the mock appliance", async () => {
      await writeFile(join(project, "tsconfig.json"), JSON.stringify(tsconfig("nodenext", "nodenext")));
      run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], project);
      const output = run(process.execPath, [join(project, "out", "consumer.js"), inject("mockUrl")], project);
      expect(JSON.parse(output)).toEqual({
        names: ["test-linux"],
        v1Names: ["test-linux"],
        status: "Success",
        apiVersion: "v8.1",
        typeError: true,
        apiError: "ApiError",
        specs: [
          "dist/openapi/v8.1.yaml",
          "dist/openapi/v8.1.json",
          "dist/openapi/v1.yaml",
          "dist/openapi/v1.json",
          "dist/openapi/v1.yaml",
        ],
      });
    });
  });
});
