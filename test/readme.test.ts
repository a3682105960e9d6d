// The README's TypeScript examples compile against the library: an example that rots fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { root } from "../scripts/redocly.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

/** Type-checks `sources` (virtual files in the project root) with the project's settings; returns the errors. */
function typecheck(sources: Record<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error("cannot read tsconfig.json");
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    // Users import the package by name; here the name is mapped to the source.
    paths: { "veeam-azure-client": ["./src/index.ts"], "veeam-azure-client/mock": ["./src/mock.ts"] },
  };
  const files = Object.fromEntries(Object.entries(sources).map(([name, text]) => [join(root, name), text]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (file) => files[file] ?? readFile(file);
  const fileExists = host.fileExists;
  host.fileExists = (file) => file in files || fileExists(file);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && d.file.fileName in files)
    .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("README", () => {
  it("has the usage examples", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.join("\n")).toContain("listVirtualMachineSnapshots");
  });

  it("has TypeScript examples that compile against the library", () => {
    const sources = Object.fromEntries(
      snippets.map((text, i) => [`readme-example-${i + 1}.ts`, `${text}\nexport {};\n`]),
    );
    expect(typecheck(sources)).toEqual([]);
  });

  it("would catch an example that no longer compiles", () => {
    const broken =
      'import { createClient } from "veeam-azure-client";\ncreateClient({ baseUrl: 1 });\nexport {};\n';
    expect(typecheck({ "readme-broken.ts": broken })).toHaveLength(1);
  });
});
