// Type-checks TypeScript that users would write, with the project's settings and the package's name mapped to
// the source, so that examples (README, the reference site's code samples) fail the suite when they rot.
import { join } from "node:path";
import ts from "typescript";
import { root } from "../../scripts/redocly.js";

/** Type-checks `sources` (virtual files in the project root) with the project's settings; returns the errors. */
export function typecheck(sources: Record<string, string>): string[] {
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
    paths: {
      "veeam-azure-client": ["./src/index.ts"],
      "veeam-azure-client/v1": ["./src/v1/index.ts"],
      "veeam-azure-client/v8.1": ["./src/v8_1/index.ts"],
      "veeam-azure-client/mock": ["./src/mock/index.ts"],
    },
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
