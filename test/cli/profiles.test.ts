// `vbazure profiles add|list|show|remove|use`, run as an operator would, with VBAZURE_CONFIG in a temporary
// folder; then the profiles feeding the commands that talk to an appliance (the stateful mock): --profile,
// VBAZURE_PROFILE and the default, a flag winning over its variable and both over the profile, and each
// profile's own password variable.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Appliance, startAppliance, vmsNamed } from "../helpers/appliances.js";
import { parseOutput, runCli, runInTerminal, tableRows } from "../helpers/cli.js";

let dir: string;
let config: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vbazure-profiles-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  counter++;
  config = join(dir, `run-${counter}`, "vbazure", "config.json");
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { VBAZURE_CONFIG: config, ...env } });
const saved = () => JSON.parse(readFileSync(config, "utf8"));

describe("vbazure profiles", () => {
  it("add saves the flags given (never the environment's values), 0600 in a 0700 folder; the first is the default", async () => {
    const add = await cli(
      [
        "profiles",
        "add",
        "prod",
        "--url",
        "https://vb.example",
        "--username",
        "backupadmin",
        "--api-version",
        "v8",
      ],
      { VBAZURE_CA_FILE: "/from/the/shell.pem" },
    );
    expect(add).toEqual({
      code: 0,
      stdout: "",
      stderr: `Added profile prod (the default) in ${config}.\n`,
    });
    expect(saved()).toEqual({
      profiles: { prod: { url: "https://vb.example", username: "backupadmin", apiVersion: "v8" } },
      defaultProfile: "prod",
    });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, "..")).mode & 0o777).toBe(0o700);
    const lab = await cli([
      "profiles",
      "add",
      "lab-2",
      "--url",
      "http://127.0.0.1:4010",
      "--ca-file",
      "/lab.pem",
    ]);
    expect(lab.stderr).toBe(`Added profile lab-2 in ${config}.\n`);
    expect(saved().defaultProfile).toBe("prod");
  });

  it("add refuses a token, a missing --url, a bad name and an existing profile without --replace (exit 2)", async () => {
    const token = await cli([
      "profiles",
      "add",
      "prod",
      "--url",
      "https://vb.example",
      "--token",
      "tok-secret",
    ]);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/^vbazure: profiles add: a profile keeps no token/);
    expect(token.stderr).not.toContain("tok-secret");
    expect(() => statSync(config)).toThrow();
    const noUrl = await cli(["profiles", "add", "prod"]);
    expect({ code: noUrl.code, stderr: noUrl.stderr }).toEqual({
      code: 2,
      stderr: "vbazure: profiles add prod: give the appliance's address with --url <url>\n",
    });
    const badUrl = await cli(["profiles", "add", "prod", "--url", "not a url"]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/^vbazure: --url: baseUrl "not a url" is not a URL/);
    const badName = await cli(["profiles", "add", "a b", "--url", "https://vb.example"]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('"a b" is not a profile name');
    await cli(["profiles", "add", "prod", "--url", "https://one.example"]);
    const again = await cli(["profiles", "add", "prod", "--url", "https://two.example"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("there is a profile prod already; pass --replace to replace it");
    const replaced = await cli(["profiles", "add", "prod", "--url", "https://two.example", "--replace"]);
    expect(replaced.stderr).toBe(`Replaced profile prod (the default) in ${config}.\n`);
    expect(saved().profiles.prod).toEqual({ url: "https://two.example" });
  });

  it("list, show, use and remove", async () => {
    const empty = await cli(["profiles", "list"]);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain("No profiles in");
    await cli(["profiles", "add", "prod", "--url", "https://vb.example", "--username", "backupadmin"]);
    await cli(["profiles", "add", "lab", "--url", "http://127.0.0.1:4010", "--ca-file", "/lab.pem"]);
    const list = await cli(["profiles", "list"]);
    expect(list.code).toBe(0);
    expect(tableRows(list.stdout)).toEqual([
      ["NAME", "URL", "USERNAME", "CA FILE", "API VERSION", "DEFAULT"],
      ["prod", "https://vb.example", "backupadmin", "-", "auto", "*"],
      ["lab", "http://127.0.0.1:4010", "-", "/lab.pem", "auto"],
    ]);
    const use = await cli(["profiles", "use", "lab"]);
    expect(use).toEqual({ code: 0, stdout: "", stderr: "The default profile is lab.\n" });
    const json = parseOutput.json((await cli(["profiles", "list", "--output", "json"])).stdout);
    expect(json).toEqual([
      { name: "prod", url: "https://vb.example", username: "backupadmin", default: false },
      { name: "lab", url: "http://127.0.0.1:4010", caFile: "/lab.pem", default: true },
    ]);
    const show = await cli(["profiles", "show", "prod"]);
    expect(tableRows(show.stdout)).toEqual([
      ["NAME", "prod"],
      ["URL", "https://vb.example"],
      ["USERNAME", "backupadmin"],
      ["CA FILE", "-"],
      ["API VERSION", "auto"],
      ["DEFAULT", "-"],
    ]);
    const remove = await cli(["profiles", "remove", "lab"]);
    expect(remove.code).toBe(0);
    expect(remove.stderr).toContain("Removed profile lab; there is no default profile now");
    expect(saved()).toEqual({ profiles: { prod: { url: "https://vb.example", username: "backupadmin" } } });
    const missing = await cli(["profiles", "show", "lab"]);
    expect({ code: missing.code, stdout: missing.stdout }).toEqual({ code: 2, stdout: "" });
    expect(missing.stderr).toBe(
      `vbazure: no profile lab in ${config}: its profiles are prod; add it with \`vbazure profiles add lab --url <url>\`\n`,
    );
  });
});

describe("profiles feeding the commands", () => {
  const password = "s3cret-pw";
  let appliance: Appliance;
  let other: Appliance;
  beforeAll(async () => {
    [appliance, other] = await Promise.all([
      startAppliance("8.1", {
        snapshots: vmsNamed(["vm-1"]),
        users: [{ username: "backupadmin", password }],
      }),
      startAppliance("1.0", { snapshots: vmsNamed(["old-1"]) }),
    ]);
  });
  afterAll(() => Promise.all([appliance.close(), other.close()]));
  beforeEach(() => {
    appliance.clear();
    other.clear();
  });
  const addBoth = async () => {
    await cli(["profiles", "add", "prod", "--url", appliance.url, "--username", "backupadmin"]);
    await cli(["profiles", "add", "old-lab", "--url", other.url, "--api-version", "v1"]);
  };
  const aboutOf = (stdout: string) =>
    Object.fromEntries(tableRows(stdout).map(([k, ...v]) => [k, v.join(" ")]));

  it("--profile picks the appliance, user and API version; the password from the profile's own variable first", async () => {
    await addBoth();
    const prod = await cli(["about", "--profile", "prod"], {
      VBAZURE_PASSWORD_PROD: password,
      VBAZURE_PASSWORD: "wrong",
    });
    expect({ code: prod.code, stderr: prod.stderr }).toEqual({ code: 0, stderr: "" });
    expect(aboutOf(prod.stdout).URL).toBe(appliance.url);
    expect(appliance.received[0]).toBe("POST /api/oauth2/token Password");
    const old = await cli(["about", "--token", "t"], { VBAZURE_PROFILE: "old-lab" });
    expect(old.code).toBe(0);
    expect(aboutOf(old.stdout)["API VERSION"]).toBe("v1 (given by the profile)");
  });

  it("the default profile applies without --profile and --url; VBAZURE_PASSWORD serves one appliance", async () => {
    await addBoth();
    const run = await cli(["snapshots", "list", "--output", "json"], { VBAZURE_PASSWORD: password });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(parseOutput.json(run.stdout).map((vm: { vmId: string }) => vm.vmId)).toEqual(["vm-1"]);
    // An address of one's own is not mixed with the default profile's user name.
    const own = await cli(["about", "--url", other.url, "--token", "t"]);
    expect(own.code).toBe(0);
    expect(aboutOf(own.stdout)["API VERSION"]).toBe("v1 (detected)");
  });

  it("a flag wins over its variable, which wins over the profile", async () => {
    await addBoth();
    const variable = await cli(["about", "--profile", "old-lab", "--token", "t"], {
      VBAZURE_API_VERSION: "auto",
    });
    expect(aboutOf(variable.stdout)["API VERSION"]).toBe("v1 (detected)");
    const flag = await cli(["about", "--profile", "old-lab", "--token", "t", "--api-version", "auto"], {
      VBAZURE_API_VERSION: "v8.1",
    });
    expect(aboutOf(flag.stdout)["API VERSION"]).toBe("v1 (detected)");
    const url = await cli(["about", "--profile", "prod", "--token", "t"], { VBAZURE_URL: other.url });
    expect(aboutOf(url.stdout).URL).toBe(other.url);
    // A token given wins over the profile's user name: no login.
    expect(other.received.some((line) => line.startsWith("POST /api/oauth2/token"))).toBe(false);
  });

  it("without a password, names the profile's variable; an unknown profile is a usage error before any request", async () => {
    await addBoth();
    const none = await cli(["about", "--profile", "prod"]);
    expect(none).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "vbazure: --username backupadmin needs a password: set VBAZURE_PASSWORD_PROD or VBAZURE_PASSWORD, or run in a terminal to be asked for it\n",
    });
    const unknown = await cli(["about", "--profile", "nope", "--token", "t"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^vbazure: no profile nope in .*: its profiles are prod, old-lab;/);
    expect(appliance.received).toEqual([]);
  });

  it("completion offers the config's profile names after --profile", async () => {
    await addBoth();
    const { stdout } = await cli(["completion", "bash"]);
    expect(stdout).toMatch(/'snapshots list\|--profile'\) echo 'prod old-lab' ;;/);
  });
});

describe("snapshots list --all-profiles", () => {
  let eight: Appliance;
  let one: Appliance;
  beforeAll(async () => {
    [eight, one] = await Promise.all([
      startAppliance("8.1", {
        snapshots: vmsNamed(["vm-1", "vm-2"]),
        users: [{ username: "backupadmin", password: "prod-pw" }],
      }),
      startAppliance("1.0", {
        snapshots: vmsNamed(["old-1"]),
        users: [{ username: "admin", password: "lab-pw" }],
      }),
    ]);
  });
  afterAll(() => Promise.all([eight.close(), one.close()]));
  beforeEach(() => {
    eight.clear();
    one.clear();
  });
  const fleetOf = async () => {
    await cli(["profiles", "add", "prod", "--url", eight.url, "--username", "backupadmin"]);
    await cli(["profiles", "add", "old-lab", "--url", one.url, "--username", "admin"]);
  };
  const passwords = { VBAZURE_PASSWORD_PROD: "prod-pw", VBAZURE_PASSWORD_OLD_LAB: "lab-pw" };

  it("lists every appliance with a profile column, each with its own password and API version detected once", async () => {
    await fleetOf();
    const run = await cli(["snapshots", "list", "--all-profiles"], passwords);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const rows = tableRows(run.stdout);
    expect(rows[0]?.slice(0, 2)).toEqual(["PROFILE", "NAME"]);
    expect(rows.slice(1).map((r) => [r[0], r[r.length - 1]])).toEqual([
      ["prod", "vm-1"],
      ["prod", "vm-2"],
      ["old-lab", "old-1"],
    ]);
    for (const appliance of [eight, one])
      expect(appliance.received.filter((line) => line.startsWith("POST /api/oauth2/token"))).toHaveLength(1);
    const json = parseOutput.json(
      (await cli(["snapshots", "list", "--all-profiles", "--output", "json"], passwords)).stdout,
    );
    expect(json.map((vm: { profile: string; vmId: string }) => `${vm.profile}:${vm.vmId}`)).toEqual([
      "prod:vm-1",
      "prod:vm-2",
      "old-lab:old-1",
    ]);
  });

  it("reports an appliance that fails on stderr, still lists the others, and exits with 1", async () => {
    await fleetOf();
    await cli(["profiles", "add", "gone", "--url", "http://127.0.0.1:9", "--username", "x"]);
    const run = await cli(["snapshots", "list", "--all-profiles", "--output", "ndjson"], {
      ...passwords,
      VBAZURE_PASSWORD_GONE: "x",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vbazure: gone: .*no response from http:\/\/127\.0\.0\.1:9/);
    expect(parseOutput.ndjson(run.stdout).map((vm: { profile: string }) => vm.profile)).toEqual([
      "prod",
      "prod",
      "old-lab",
    ]);
  });

  it("sends VBAZURE_PASSWORD to none of them: a profile without its own variable fails, naming it", async () => {
    await fleetOf();
    const run = await cli(["snapshots", "list", "--all-profiles"], {
      VBAZURE_PASSWORD_PROD: "prod-pw",
      VBAZURE_PASSWORD: "lab-pw",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "vbazure: old-lab: --username admin needs a password: set VBAZURE_PASSWORD_OLD_LAB, or run in a terminal to be asked for it\n",
    );
    expect(one.received).toEqual([]);
    expect(
      tableRows(run.stdout)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(["prod", "prod"]);
  });

  it("prune --dry-run --all-profiles plans on every appliance, sending only reads; without --dry-run it refuses", async () => {
    await fleetOf();
    await cli(["profiles", "add", "gone", "--url", "http://127.0.0.1:9", "--username", "x"]);
    const run = await cli(
      ["snapshots", "prune", "--dry-run", "--all-profiles", "--name", "*-1", "--output", "json"],
      {
        ...passwords,
        VBAZURE_PASSWORD_GONE: "x",
      },
    );
    expect(run.code).toBe(1);
    expect(parseOutput.json(run.stdout)).toEqual([
      { profile: "prod", vmId: "vm-1", name: "vm-1", result: "planned" },
      { profile: "old-lab", vmId: "old-1", name: "old-1", result: "planned" },
    ]);
    expect(run.stderr).toContain("prod: 1 VM matches (name *-1).\n");
    expect(run.stderr).toContain("old-lab: 1 VM matches (name *-1).\n");
    expect(run.stderr).toMatch(/\nvbazure: gone: |^vbazure: gone: /);
    for (const appliance of [eight, one])
      expect(appliance.received.filter((line) => !/^GET |^POST \/api\/oauth2\/token /.test(line))).toEqual(
        [],
      );
    const deleting = await cli(["snapshots", "prune", "--all-profiles", "--name", "*-1", "--yes"], passwords);
    expect(deleting.code).toBe(2);
    expect(deleting.stderr).toContain("--all-profiles plans only (with --dry-run)");
  });

  it("on a terminal, asks for each password it lacks, one profile after another, and logs in once on each", async () => {
    await fleetOf();
    const { code, stdout } = await runInTerminal(
      ["snapshots", "list", "--all-profiles"],
      [
        { when: /Password for backupadmin \(prod\):/, type: "prod-pw\r" },
        { when: /Password for admin \(old-lab\):/, type: "lab-pw\r" },
      ],
      { env: { VBAZURE_CONFIG: config } },
    );
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/prod-pw|lab-pw/);
    expect(stdout).toMatch(/\nold-lab +old-1 /);
    expect(stdout).toMatch(/\nprod +vm-2 /);
    for (const appliance of [eight, one])
      expect(appliance.received.filter((line) => line.startsWith("POST /api/oauth2/token"))).toHaveLength(1);
  });

  it("refuses --profile and --url with it, and a config without profiles (exit 2)", async () => {
    const none = await cli(["snapshots", "list", "--all-profiles"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--all-profiles: the config file has no profiles");
    await fleetOf();
    const url = await cli(["snapshots", "list", "--all-profiles", "--url", eight.url]);
    expect({ code: url.code, stderr: url.stderr }).toEqual({
      code: 2,
      stderr: "vbazure: --all-profiles addresses every profile: leave --url (or VBAZURE_URL) out\n",
    });
  });
});
