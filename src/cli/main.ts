#!/usr/bin/env node
// The `vbazure` executable (the package's `bin`): runs the command line on this process's streams. Ctrl-C or
// SIGTERM aborts what is under way (requests, waits, the mock) and ends with exit code 130 (0 for the mock).
import { Interrupted } from "./interrupted.js";
import { run } from "./program.js";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => controller.abort(new Interrupted(signal)));
}
// A closed pipe (`vbazure snapshots list | head -1`) ends the output, not with a stack.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(
  process.argv.slice(2),
  { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
  controller.signal,
);
