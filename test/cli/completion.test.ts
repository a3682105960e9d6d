// `vbazure completion bash|zsh|fish`: scripts generated from the command tree. The bash one is checked by bash
// itself (bash -n), then run: its completion function, called as bash calls it (COMP_WORDS, COMP_CWORD), completes
// commands, options, choices, files and the profile names it was given. zsh and fish are not installed here:
// their scripts are checked for what they must hold (and by zsh -n / fish -n where those shells exist).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Command, Option } from "commander";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { completionScript } from "../../src/cli/completion.js";
import { profileNames } from "../../src/cli/profileNames.js";
import { runCli } from "../helpers/cli.js";

/** What bash's completion function `fn` of `script` offers for the words typed (the last one being completed). */
function complete(script: string, words: string[], fn = "_vbazure"): string[] {
  const out = execFileSync(
    "bash",
    [
      "-c",
      `eval "$SCRIPT"; COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); ${fn}; printf '%s\\n' "\${COMPREPLY[@]}"`,
      "bash",
      ...words,
    ],
    { env: { PATH: process.env.PATH ?? "", SCRIPT: script }, encoding: "utf8" },
  );
  return out.split("\n").filter(Boolean);
}

const installed = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

describe("vbazure completion bash", () => {
  let script = "";
  let dir = "";
  beforeAll(async () => {
    const { code, stdout, stderr } = await runCli(["completion", "bash"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    script = stdout;
    dir = mkdtempSync(join(tmpdir(), "vbazure-completion-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is valid bash (bash -n)", () => {
    const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: "" });
    expect(script).toContain("complete -F _vbazure vbazure\n");
  });

  it("completes a command and a subcommand", () => {
    expect(complete(script, ["vbazure", "sn"])).toEqual(["snapshots"]);
    expect(complete(script, ["vbazure", ""])).toEqual([
      "about",
      "completion",
      "mock",
      "profiles",
      "sessions",
      "snapshots",
      "verify",
    ]);
    expect(complete(script, ["vbazure", "snapshots", "l"])).toEqual(["list"]);
    expect(complete(script, ["vbazure", "sessions", ""])).toEqual(["get", "wait"]);
  });

  it("completes a command's options, with the global ones, past a global option's value", () => {
    expect(complete(script, ["vbazure", "snapshots", "list", "--ou"])).toEqual(["--output"]);
    expect(complete(script, ["vbazure", "--url", "https://h", "snapshots", "list", "--re"])).toEqual([
      "--restore-point-id",
    ]);
    // A value that happens to be a command's name is a value: `snapshots` here is the token.
    expect(complete(script, ["vbazure", "--token", "snapshots", "verify", "--pa"])).toEqual([
      "--pages",
      "--page-size",
    ]);
    expect(complete(script, ["vbazure", "sessions", "get", "--ca"])).toEqual(["--ca-file"]);
  });

  it("completes an option's choices, and a file after --ca-file", () => {
    expect(complete(script, ["vbazure", "snapshots", "list", "--output", ""])).toEqual([
      "table",
      "json",
      "ndjson",
      "csv",
    ]);
    expect(complete(script, ["vbazure", "about", "--output", ""])).toEqual(["table", "json", "csv"]);
    expect(complete(script, ["vbazure", "--api-version", "v8"])).toEqual(["v8", "v8.1"]);
    expect(complete(script, ["vbazure", "completion", ""])).toEqual(["bash", "zsh", "fish"]);
    const pem = join(dir, "appliance.pem");
    writeFileSync(pem, "");
    expect(complete(script, ["vbazure", "about", "--ca-file", join(dir, "app")])).toEqual([pem]);
  });

  it("offers the mock its own options and --verbose, not the client's", () => {
    const options = complete(script, ["vbazure", "mock", "--"]);
    expect(options).toEqual(expect.arrayContaining(["--product", "--port", "--examples", "--verbose"]));
    expect(options).not.toContain("--url");
    expect(options).not.toContain("--token");
  });
});

describe("completionScript", () => {
  // A program of its own: the script follows the tree it is given, so a new option completes unedited.
  const program = () => {
    const root = new Command("vbazure").option("--verbose", "log");
    root
      .command("snapshots")
      .command("prune")
      .option("--keep <n>", "how many to keep")
      .addOption(new Option("--order <order>", "which first").choices(["oldest", "newest"]))
      .option("--profile <name>", "the profile");
    return root;
  };

  it("completes a new command's options and choices, and the profile names given after --profile", () => {
    const script = completionScript("bash", program(), ["prod", "lab-2"]);
    expect(complete(script, ["vbazure", "snapshots", "p"])).toEqual(["prune"]);
    expect(complete(script, ["vbazure", "snapshots", "prune", "--k"])).toEqual(["--keep"]);
    expect(complete(script, ["vbazure", "snapshots", "prune", "--order", ""])).toEqual(["oldest", "newest"]);
    expect(complete(script, ["vbazure", "snapshots", "prune", "--profile", ""])).toEqual(["prod", "lab-2"]);
    // A free value offers nothing.
    expect(complete(script, ["vbazure", "snapshots", "prune", "--keep", ""])).toEqual([]);
  });

  it("quotes what it embeds: a choice with a quote breaks neither the script nor the other completions", () => {
    const root = new Command("vbazure");
    root.addOption(new Option("--mode <m>", "mode").choices(["it's", "plain"]));
    const script = completionScript("bash", root, []);
    const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(check.status).toBe(0);
    expect(complete(script, ["vbazure", "--mo"])).toEqual(["--mode"]);
  });

  it("offers no profile names when the config file is missing or unusable, rather than failing", () => {
    const stderr = new PassThrough();
    const dir = mkdtempSync(join(tmpdir(), "vbazure-completion-profiles-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    expect(profileNames({ env: { VBAZURE_CONFIG: join(dir, "missing.json") }, stderr })).toEqual([]);
    writeFileSync(join(dir, "broken.json"), "{ not json", { mode: 0o600 });
    expect(profileNames({ env: { VBAZURE_CONFIG: join(dir, "broken.json") }, stderr })).toEqual([]);
    writeFileSync(
      join(dir, "two.json"),
      JSON.stringify({ profiles: { prod: { url: "u" }, lab: { url: "v" } } }),
      {
        mode: 0o600,
      },
    );
    expect(profileNames({ env: { VBAZURE_CONFIG: join(dir, "two.json") }, stderr })).toEqual(["prod", "lab"]);
  });
});

describe("vbazure completion zsh and fish", () => {
  it("zsh: a #compdef script that runs the bash completion through bashcompinit", async () => {
    const { code, stdout } = await runCli(["completion", "zsh"]);
    expect(code).toBe(0);
    expect(stdout.startsWith("#compdef vbazure\n")).toBe(true);
    expect(stdout).toContain("autoload -U +X bashcompinit && bashcompinit\n");
    expect(stdout).toContain("complete -F _vbazure vbazure\n");
    // What zsh runs is the bash script: bash itself checks it here, zsh too where installed.
    expect(spawnSync("bash", ["-n"], { input: stdout }).status).toBe(0);
    if (installed("zsh")) expect(spawnSync("zsh", ["-n"], { input: stdout }).status).toBe(0);
  });

  it("fish: a complete line for each command and option, its blocks closed", async () => {
    const { code, stdout } = await runCli(["completion", "fish"]);
    expect(code).toBe(0);
    expect(stdout).toContain("complete -c vbazure -n '__vbazure_at \\'\\'' -a 'snapshots' -d ");
    expect(stdout).toContain("complete -c vbazure -n '__vbazure_at \\'snapshots\\'' -a 'list' -d ");
    expect(stdout).toContain(
      "complete -c vbazure -n '__vbazure_at \\'snapshots list\\'' -l output -x -a 'table json ndjson csv' -d 'output format'",
    );
    expect(stdout).toContain("complete -c vbazure -n '__vbazure_at \\'about\\'' -l ca-file -r -F -d ");
    expect(stdout).toContain("complete -c vbazure -n '__vbazure_at \\'completion\\'' -a 'bash zsh fish'");
    expect(stdout).not.toMatch(/__vbazure_at \\'mock\\'' -l url/);
    // Every block (function, for, if, switch) has its end.
    const lines = stdout.split("\n").map((line) => line.trim());
    const opened = lines.filter((line) => /^(function|for|if|switch) /.test(line)).length;
    expect(opened).toBeGreaterThan(0);
    expect(lines.filter((line) => line === "end")).toHaveLength(opened);
    if (installed("fish")) expect(spawnSync("fish", ["-n"], { input: stdout }).status).toBe(0);
  });

  it("refuses a shell it has no script for, naming the ones it has", async () => {
    const { code, stdout, stderr } = await runCli(["completion", "tcsh"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toContain("Allowed choices are bash, zsh, fish");
  });

  it("--help shows its own exit codes, not the client's environment and options", async () => {
    const { code, stdout } = await runCli(["completion", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nExit codes:\n {2}0 {4}the script printed\n {2}2 {4}usage error/);
    expect(stdout).not.toMatch(/VBAZURE_|--url <url>/);
  });
});
