// Runs the pinned Redocly CLI in a child process, offline: no telemetry, no update check.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
const cli = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");

/** Output of a finished Redocly run. */
export interface RedoclyResult {
  code: number;
  /** Standard output and standard error together. */
  output: string;
  /** Standard output alone (where `--format json` writes). */
  stdout: string;
}

/** Runs `redocly <args>` from the project root and resolves with its exit code and combined output. */
export function redocly(args: readonly string[]): Promise<RedoclyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output, stdout }));
  });
}

/** Like {@link redocly}, but rejects with Redocly's output when it fails. */
export async function redoclyOrThrow(args: readonly string[]): Promise<string> {
  const { code, output } = await redocly(args);
  if (code !== 0) throw new Error(`redocly ${args.join(" ")} failed (exit ${code}):\n${output}`);
  return output;
}
