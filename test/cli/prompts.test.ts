// The questions' own logic, with streams standing in for the terminal (the subprocess tests ask them on a real
// pseudo-terminal): answers, the default, refusal without a terminal, and cancellation.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { askConfirmation, askPassword } from "../../src/cli/prompts.js";
import { UsageError } from "../../src/cli/usageError.js";

function terminal(isTTY = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY });
  const stderr = new PassThrough();
  let shown = "";
  stderr.on("data", (chunk: Buffer) => (shown += chunk.toString()));
  const io: Io = { stdin, stdout: new PassThrough(), stderr, env: {} };
  // Types `text` once the question is on the screen.
  const type = (text: string) =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (!shown) return;
        clearInterval(poll);
        stdin.write(text);
        resolve();
      }, 5);
    });
  return { io, type, shown: () => shown };
}

describe("askConfirmation", () => {
  it.each([
    ["y\r", true],
    ["yes\r", true],
    ["n\r", false],
    ["\r", false],
  ])("answers %j with %s", async (typed, answer) => {
    const { io, type } = terminal();
    const asked = askConfirmation("Delete?", io, new AbortController().signal);
    await type(typed);
    expect(await asked).toBe(answer);
  });

  it("asks on stderr, leaving stdout to the command's output", async () => {
    const { io, type, shown } = terminal();
    let stdout = "";
    io.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const asked = askConfirmation("Delete the snapshots of VM vm-1?", io, new AbortController().signal);
    await type("y\r");
    await asked;
    expect(shown()).toContain("Delete the snapshots of VM vm-1?");
    expect(stdout).toBe("");
  });

  it("refuses to ask when stdin is not a terminal", async () => {
    const { io } = terminal(false);
    await expect(askConfirmation("Delete?", io, new AbortController().signal)).rejects.toThrow(UsageError);
  });

  it("stops asking when the command is interrupted, with the interruption", async () => {
    const { io, type } = terminal();
    const controller = new AbortController();
    const asked = askConfirmation("Delete?", io, controller.signal);
    await type("");
    const reason = new Error("interrupted (SIGTERM)");
    controller.abort(reason);
    await expect(asked).rejects.toBe(reason);
  });
});

describe("askPassword", () => {
  it("returns what was typed, without showing it", async () => {
    const { io, type, shown } = terminal();
    const asked = askPassword("Password for backupadmin:", io, new AbortController().signal);
    await type("s3cret\r");
    expect(await asked).toBe("s3cret");
    expect(shown()).toContain("Password for backupadmin:");
    expect(shown()).not.toContain("s3cret");
  });
});
