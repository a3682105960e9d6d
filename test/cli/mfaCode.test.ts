// Where the CLI's MFA code comes from, login by login: VBAZURE_MFA_CODE for the first, then the terminal; without
// a terminal, a usage error naming VBAZURE_MFA_CODE (the subprocess tests in mfa.test.ts run it end to end).
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { mfaCodeFor } from "../../src/cli/mfaCode.js";
import { UsageError } from "../../src/cli/usageError.js";

function io(env: Record<string, string>, isTTY: boolean) {
  const stdin = Object.assign(new PassThrough(), { isTTY });
  const stderr = new PassThrough();
  let shown = "";
  stderr.on("data", (chunk: Buffer) => (shown += chunk.toString()));
  const type = (text: string) =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (!shown.includes("MFA code")) return;
        clearInterval(poll);
        stdin.write(text);
        resolve();
      }, 5);
    });
  return { io: { stdin, stdout: new PassThrough(), stderr, env } satisfies Io, type, shown: () => shown };
}
const signal = new AbortController().signal;

describe("mfaCodeFor", () => {
  it("gives VBAZURE_MFA_CODE, trimmed, to the first login, and refuses a second without a terminal", async () => {
    const ask = mfaCodeFor("backupadmin", io({ VBAZURE_MFA_CODE: " 492817\n" }, false).io, signal);
    await expect(ask()).resolves.toBe("492817");
    const second = await ask().catch((e: unknown) => e);
    expect(second).toBeInstanceOf(UsageError);
    expect((second as Error).message).toBe(
      "user backupadmin must log in again with a new multi-factor code, and the one in VBAZURE_MFA_CODE was used already: run in a terminal to be asked for a new one, or run the command again with a fresh VBAZURE_MFA_CODE",
    );
  });

  it.each([[{}], [{ VBAZURE_MFA_CODE: "  " }]])(
    "without a code (%o) and no terminal, refuses naming VBAZURE_MFA_CODE",
    async (env) => {
      await expect(mfaCodeFor("backupadmin", io(env, false).io, signal)()).rejects.toThrow(
        new UsageError(
          "user backupadmin has multi-factor authentication: set VBAZURE_MFA_CODE to the code of their authenticator app, or run in a terminal to be asked for it",
        ),
      );
    },
  );

  it("asks on a terminal when there is no code in the environment, without echoing it", async () => {
    const terminal = io({}, true);
    const asked = mfaCodeFor("backupadmin", terminal.io, signal)();
    await terminal.type(" 135790\r");
    await expect(asked).resolves.toBe("135790");
    expect(terminal.shown()).toContain("MFA code for backupadmin:");
    expect(terminal.shown()).not.toContain("135790");
  });

  it("asks on the terminal for the login after the one VBAZURE_MFA_CODE served", async () => {
    const terminal = io({ VBAZURE_MFA_CODE: "111111" }, true);
    const ask = mfaCodeFor("backupadmin", terminal.io, signal);
    await expect(ask()).resolves.toBe("111111");
    const second = ask();
    await terminal.type("222222\r");
    await expect(second).resolves.toBe("222222");
  });
});
