// The command line as a whole: --help on every command (with the exit codes), the version, and usage errors that
// say what is wrong in one line and exit with 2 before anything is sent.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type FaultServer, startFaultServer } from "../helpers/faultServer.js";

const commands = [
  [],
  ["about"],
  ["snapshots"],
  ["snapshots", "list"],
  ["snapshots", "delete"],
  ["snapshots", "prune"],
  ["sessions"],
  ["sessions", "get"],
  ["sessions", "wait"],
  ["mock"],
  ["verify"],
  ["profiles"],
  ["profiles", "add"],
  ["profiles", "list"],
];

describe("vbazure --help", () => {
  it.each(commands.map((words) => [["vbazure", ...words].join(" "), words] as const))(
    "%s --help documents its options, the environment and the exit codes that apply to it",
    async (_name, words) => {
      const { code, stdout, stderr } = await runCli([...words, "--help"]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout).toMatch(new RegExp(`^Usage: vbazure ${words.join(" ")}`));
      // The client's global options, environment and exit codes, on every command that connects to an
      // appliance; the mock does not: its own exit codes alone.
      if (words[0] === "mock") {
        expect(stdout).not.toContain("--ca-file <path>");
        expect(stdout).not.toContain("--api-version <version>");
        expect(stdout).not.toMatch(/VBAZURE_|Environment:/);
        expect(stdout).toMatch(
          /\nExit codes:\n {2}0 {4}stopped with Ctrl-C or SIGTERM\n {2}1 .*\n {2}2 {4}usage error: .*the port in use/,
        );
        expect(stdout).not.toMatch(/\n {2}[34] /);
      } else {
        for (const exit of ["0 ", "1 ", "2 ", "3 ", "4 "]) expect(stdout).toContain(`\n  ${exit}`);
        for (const variable of ["VBAZURE_PASSWORD", "VBAZURE_MFA_CODE", "VBAZURE_API_VERSION"])
          expect(stdout).toContain(variable);
        expect(stdout).toContain("--ca-file <path>");
        // commander wraps the option's help to the terminal's width.
        expect(stdout.replace(/\s+/g, " ")).toContain(
          '--api-version <version> the API version to speak; auto detects the newest the appliance serves, once per run (choices: "v1", "v6", "v7", "v8", "v8.1", "auto", default: "auto", env: VBAZURE_API_VERSION)',
        );
      }
    },
  );

  it("lists every command", async () => {
    const { stdout } = await runCli(["--help"]);
    for (const name of ["about", "completion", "snapshots", "sessions", "mock", "verify", "profiles"])
      expect(stdout).toMatch(new RegExp(`\n  ${name}`));
    const snapshots = await runCli(["snapshots", "--help"]);
    expect(snapshots.stdout).toMatch(/\n {2}list \[options\]/);
    expect(snapshots.stdout).toMatch(/\n {2}delete \[options\] <vmId\.\.\.>/);
    expect(snapshots.stdout).toMatch(/\n {2}prune \[options\]/);
  });

  it("prints the package's version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });
});

describe("usage errors", () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  const auth = () => ["--url", server.url, "--token", "t"];

  it.each([
    [
      ["snapshots", "list", "--token", "t"],
      /^vbazure: no appliance: pass --url https:\/\/<appliance> or set VBAZURE_URL, or name a profile with --profile \(vbazure profiles add\)\n$/,
    ],
    [
      ["snapshots", "list", "--url", "not a url", "--token", "t"],
      /^vbazure: --url: baseUrl "not a url" is not a URL/,
    ],
    [
      ["snapshots", "list", "--url", "http://appliance.example.org:8080/vb", "--token", "t"],
      // The CLI's own ways out, not the library's allowInsecureHttp, which no flag sets.
      /^vbazure: --url: refusing plain http to appliance\.example\.org: the token or password would travel unencrypted; use https:\/\/appliance\.example\.org \(with --ca-file <pem> when its certificate is self-signed\), or plain http only to this machine \(127\.0\.0\.1, localhost\)\n$/,
    ],
    [
      ["sessions", "get", "8", "--url", "https://appliance.example.org"],
      /^vbazure: no credentials: pass --token/,
    ],
    [
      ["sessions", "get", "8", "--url", "https://appliance.example.org", "--token", "t", "--username", "u"],
      /^vbazure: pass either --token or --username, not both\n$/,
    ],
  ])("vbazure %j", async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [["snapshots", "list", "--page-size", "abc"], /option '--page-size <n>' argument 'abc' is invalid/],
    [["snapshots", "list", "--page-size", "0"], /Give a whole number from 1 to 2147483647/],
    [["snapshots", "list", "--page-size", "1.5"], /--page-size/],
    [
      ["snapshots", "list", "--output", "yaml"],
      /argument 'yaml' is invalid\. Allowed choices are table, json, ndjson/,
    ],
    [["sessions", "get", "8", "--output", "ndjson"], /Allowed choices are table, json/],
    [["sessions", "wait", "8", "--interval", "-1"], /Give a number of seconds greater than 0/],
    [["snapshots", "list", "--timeout", "soon"], /--timeout <seconds>/],
    [["snapshots", "delete"], /missing required argument 'vmId'/],
    [["sessions", "get"], /missing required argument 'id'/],
    [["snapshots", "list", "--bogus"], /unknown option '--bogus'/],
    [["snapshot"], /unknown command 'snapshot'/],
    [["sessions", "get", "..", "--yes"], /unknown option '--yes'/],
  ])("vbazure %j", async (args, message) => {
    const { code, stdout, stderr } = await runCli([...args, ...auth()]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^vbazure: /);
    expect(stderr).toMatch(message);
    expect(server.received).toEqual([]);
  });

  it("shows the help on stderr, exiting with 2, when a command is missing", async () => {
    const { code, stdout, stderr } = await runCli(["sessions"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^Usage: vbazure sessions/);
  });

  it("refuses ids a URL would not keep as one path segment, before any request", async () => {
    const { code, stderr } = await runCli(["sessions", "get", "..", ...auth()]);
    expect(code).toBe(2);
    expect(stderr).toBe('vbazure: <id>: id ".." is not an id: a URL would resolve it as a dot segment\n');
    expect(server.received).toEqual([]);
  });

  it("takes the appliance and token from VBAZURE_URL and VBAZURE_TOKEN, flags winning", async () => {
    server.handle((_req, res) => res.writeHead(404).end());
    const env = { VBAZURE_URL: server.url, VBAZURE_TOKEN: "from-env", VBAZURE_API_VERSION: "v1" };
    await runCli(["sessions", "get", "8"], { env });
    await runCli(["sessions", "get", "8", "--token", "from-flag"], { env });
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      "Bearer from-env",
      "Bearer from-flag",
    ]);
  });
});
