// Runs `vbazure` (its TypeScript source, through tsx) as a subprocess, as an operator would: with pipes, or on a
// real pseudo-terminal made by util-linux `script`. Every process is started here and stopped by its PID.
import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../../scripts/redocly.js";

/** How a run ended and what it printed. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of a run. */
export interface RunOptions {
  /**
   * Environment variables on top of a clean environment (no VBAZURE_* from the developer's shell, and a
   * VBAZURE_CONFIG that does not exist).
   */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Stop the process (SIGKILL, by its PID) after this long. */
  timeoutMs?: number;
}

const main = join(root, "src/cli/main.ts");
const command = (args: string[]) => [process.execPath, "--import", "tsx", main, ...args];

// A config file that is not there: the developer's own profiles (~/.config/vbazure/config.json, whose default
// profile applies without --url) never reach a test; a test of profiles passes its own VBAZURE_CONFIG.
const noConfig = join(tmpdir(), `vbazure-tests-${process.pid}-no-config`, "config.json");

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1", VBAZURE_CONFIG: noConfig };
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("VBAZURE_")) env[key] = value;
  return { ...env, ...extra };
}

function collect(child: ChildProcess, timeoutMs: number): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `vbazure args` with stdin, stdout and stderr as pipes (none of them a terminal).
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCli(["snapshots", "list", "--url", appliance.url, "--token", "t"]);
 * ```
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const [node = "", ...rest] = command(args);
  const child = spawn(node, rest, { cwd: root, env: environment(options.env), stdio: "pipe" });
  child.stdin.end(options.input ?? "");
  return collect(child, options.timeoutMs ?? 30_000);
}

/** A long-running `vbazure` (such as `mock`): its output so far, a wait for a line, and a stop by PID. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves with stdout so far once it matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` to the process and resolves with how it ended. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
}

/**
 * Starts `vbazure args` in the background.
 *
 * @example
 * ```ts
 * const mock = startCli(["mock", "--port", "0"]);
 * const url = /http:\S+/.exec(await mock.waitFor(/Mock appliance/))?.[0];
 * await mock.stop("SIGTERM");
 * ```
 */
export function startCli(args: string[], options: RunOptions = {}): RunningCli {
  const [node = "", ...rest] = command(args);
  const child = spawn(node, rest, { cwd: root, env: environment(options.env), stdio: "pipe" });
  const ended = collect(child, options.timeoutMs ?? 60_000);
  let stdout = "";
  child.stdout.on("data", (chunk: string) => (stdout += chunk));
  return {
    child,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          done();
          resolve(stdout);
        };
        const fail = () => {
          done();
          reject(new Error(`vbazure ${args.join(" ")} did not print ${pattern} (stdout: ${stdout})`));
        };
        const timer = setTimeout(fail, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          child.stdout.off("data", check);
          child.off("close", fail);
        };
        child.stdout.on("data", check);
        child.once("close", fail);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, signal);
      return ended;
    },
  };
}

/** An answer to type on the terminal once the output matches `when`. */
export interface Answer {
  when: RegExp;
  type: string;
}

/**
 * Runs `vbazure args` on a real pseudo-terminal (util-linux `script`): stdin, stdout and stderr are all the
 * terminal, so questions are asked, and typed `answers` go through the terminal driver (which echoes what is
 * typed unless the program turns echo off). Returns everything the terminal showed, as `stdout`.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runInTerminal(["snapshots", "delete", "vm-1"], [{ when: /\(y\/N\)/, type: "y\r" }]);
 * ```
 */
export function runInTerminal(
  args: string[],
  answers: Answer[],
  options: RunOptions = {},
): Promise<CliResult> {
  const quoted = command(args)
    .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
    .join(" ");
  // -q: no banner; -e: exit with the command's code; -f: flush at once; /dev/null: keep no transcript.
  const child = spawn("script", ["-qefc", quoted, "/dev/null"], {
    cwd: root,
    env: environment({ TERM: "dumb", COLUMNS: "200", ...options.env }),
    stdio: "pipe",
  });
  const pending = [...answers];
  let unanswered = "";
  let typing: NodeJS.Timeout | undefined;
  child.stdin.on("error", () => {}); // the program may end before an answer is typed
  child.stdout.on("data", (chunk: Buffer | string) => {
    unanswered += chunk.toString();
    const next = pending[0];
    if (next?.when.test(unanswered)) {
      pending.shift();
      unanswered = "";
      // Type after the prompt has set the terminal up (raw mode, echo), as a person would.
      typing = setTimeout(() => child.stdin.write(next.type), 200);
    }
  });
  child.once("close", () => clearTimeout(typing));
  return collect(child, options.timeoutMs ?? 30_000);
}

/** Output as `--output json` or `ndjson` prints it, parsed. */
export const parseOutput = {
  json: (stdout: string) => JSON.parse(stdout),
  ndjson: (stdout: string) =>
    stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line)),
};

/** The cells of a printed table (columns are two or more spaces apart), one array a line. */
export const tableRows = (stdout: string) =>
  stdout
    .trimEnd()
    .split("\n")
    .map((row) => row.split(/ {2,}/));
