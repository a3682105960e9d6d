// Which failure ends in which exit code (the subprocess tests check them end to end).
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../../src/cli/exitCodes.js";
import { Interrupted } from "../../src/cli/interrupted.js";
import { UsageError } from "../../src/cli/usageError.js";
import {
  ApiError,
  InvalidResponseError,
  JobSessionError,
  MfaRequiredError,
  NetworkError,
  TimeoutError,
} from "../../src/v1/index.js";

const request = { method: "GET", path: "/x", pathTemplate: "/x", url: "https://appliance.test/x" };

describe("exitCodeOf", () => {
  it.each([
    ["help shown", new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), 0],
    ["a commander error", new CommanderError(1, "commander.unknownOption", "unknown option"), 2],
    ["a usage error", new UsageError("no --url"), 2],
    ["a login that needs an MFA code", new MfaRequiredError("give a code", "backupadmin"), 2],
    ["an ApiError", new ApiError("404", { ...request, status: 404, body: "" }), 1],
    ["an InvalidResponseError", new InvalidResponseError("html"), 1],
    ["a JobSessionError", new JobSessionError({ id: "8", type: "SnapshotDeletion", status: "Failed" }), 1],
    ["a NetworkError", new NetworkError("refused", "ECONNREFUSED"), 3],
    ["a TimeoutError", new TimeoutError("slow", 30_000), 3],
    ["an interruption", new Interrupted("SIGINT"), 130],
    ["anything else", new Error("bug"), 1],
  ])("is right for %s", (_what, error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });
});
