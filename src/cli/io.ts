// Where the CLI reads and writes: the process's streams and environment in real use, others in tests.

/** A stream that may be a terminal. */
export interface TerminalAware {
  isTTY?: boolean | undefined;
}

/** The CLI's standard streams and environment. */
export interface Io {
  stdin: NodeJS.ReadableStream & TerminalAware;
  stdout: NodeJS.WritableStream & TerminalAware;
  stderr: NodeJS.WritableStream & TerminalAware;
  env: Record<string, string | undefined>;
}

/** Writes `text` and a line break to `stream`. */
export function writeLine(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}
