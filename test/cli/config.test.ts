// The config file of the profiles: where it is, what it may hold (checked by its JSON schema; never a secret),
// and how it is written (atomically, 0600 in a 0700 folder) and tightened when others can read it.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configPath, readConfig, writeConfig } from "../../src/cli/config.js";
import { passwordVariable } from "../../src/cli/passwordVariable.js";
import { UsageError } from "../../src/cli/usageError.js";

let dir: string;
let path: string;
let warnings: string;
let io: { env: Record<string, string | undefined>; stderr: PassThrough };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vbazure-config-"));
  path = join(dir, "nested", "vbazure", "config.json");
  warnings = "";
  const stderr = new PassThrough();
  stderr.on("data", (chunk: Buffer) => (warnings += chunk.toString()));
  io = { env: { VBAZURE_CONFIG: path }, stderr };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;
const put = (content: unknown, fileMode = 0o600) => {
  mkdirSync(join(dir, "nested", "vbazure"), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content), { mode: fileMode });
  chmodSync(path, fileMode);
};
const refusal = () => {
  try {
    readConfig(io);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("readConfig accepted the file");
};

describe("configPath", () => {
  it("is VBAZURE_CONFIG, else under XDG_CONFIG_HOME, else under ~/.config", () => {
    expect(configPath({ VBAZURE_CONFIG: "/etc/vb.json", XDG_CONFIG_HOME: "/x" })).toBe("/etc/vb.json");
    expect(configPath({ XDG_CONFIG_HOME: "/home/ops/.cfg" })).toBe("/home/ops/.cfg/vbazure/config.json");
    expect(configPath({ HOME: "/home/ops" })).toBe("/home/ops/.config/vbazure/config.json");
    expect(configPath({})).toBe(join(homedir(), ".config", "vbazure", "config.json"));
  });
});

describe("passwordVariable", () => {
  it("upper-cases the name and turns every other character into _", () => {
    expect(passwordVariable("lab-2")).toBe("VBAZURE_PASSWORD_LAB_2");
    expect(passwordVariable("prod.eu_1")).toBe("VBAZURE_PASSWORD_PROD_EU_1");
  });
});

describe("readConfig", () => {
  it("is an empty config when there is no file (and creates nothing)", () => {
    expect(readConfig(io)).toEqual({ profiles: {} });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reads the profiles and the default", () => {
    const config = {
      defaultProfile: "prod",
      profiles: {
        prod: { url: "https://vb.example", username: "backupadmin", caFile: "/p.pem", apiVersion: "v8.1" },
        lab: { url: "http://127.0.0.1:4010" },
      },
    };
    put(config);
    expect(readConfig(io)).toEqual(config);
    expect(warnings).toBe("");
  });

  it.each([
    ["password", "VBAZURE_PASSWORD_PROD (or VBAZURE_PASSWORD)"],
    ["token", "VBAZURE_TOKEN"],
    ["refreshToken", "VBAZURE_TOKEN"],
    ["mfaCode", "VBAZURE_PASSWORD_PROD (or VBAZURE_PASSWORD)"],
  ])("refuses a profile holding %s, saying how to fix it, without repeating the secret", (key, instead) => {
    put({ profiles: { prod: { url: "https://vb.example", [key]: "hunter2-secret" } } });
    const message = refusal();
    expect(message).toContain(`${path}: refusing a config file that holds a secret (profiles.prod.${key})`);
    expect(message).toContain(`remove "${key}" from it and set ${instead} instead`);
    expect(message).not.toContain("hunter2-secret");
  });

  it("refuses a secret at the top of the file too, and takes a profile named like one", () => {
    put({ password: "x", profiles: {} });
    expect(refusal()).toContain("holds a secret (password)");
    put({ profiles: { "token-lab": { url: "https://vb.example" } } });
    expect(Object.keys(readConfig(io).profiles)).toEqual(["token-lab"]);
  });

  it.each([
    [
      "an unknown key in a profile",
      { profiles: { prod: { url: "u", region: "x" } } },
      /profiles\.prod must NOT have additional properties \(region\)/,
    ],
    [
      "a profile without url",
      { profiles: { prod: { username: "a" } } },
      /profiles\.prod must have required property 'url'/,
    ],
    [
      "an API version not in the list",
      { profiles: { prod: { url: "u", apiVersion: "v9" } } },
      /profiles\.prod\.apiVersion must be equal to one of the allowed values \(v1, v6, v7, v8, v8\.1, auto\)/,
    ],
    ["no profiles", {}, /the file must have required property 'profiles'/],
    [
      "a bad profile name",
      { profiles: { "a b": { url: "u" } } },
      /profiles property name must be valid \("a b"\)/,
    ],
    [
      "a default that is no profile",
      { defaultProfile: "gone", profiles: { prod: { url: "u" } } },
      /the default profile gone is not one of its profiles/,
    ],
  ])("refuses %s, naming the file and what is wrong", (_what, content, message) => {
    put(content);
    const text = refusal();
    expect(text.startsWith(`${path}: `)).toBe(true);
    expect(text).toMatch(message);
  });

  it("refuses a file that is not JSON", () => {
    put("{ profiles: ");
    expect(refusal()).toMatch(new RegExp(`^${path}: not valid JSON \\(.+\\); fix or remove it$`));
  });

  it("tightens a file others can read to 0600, with a warning", () => {
    put({ profiles: {} }, 0o644);
    readConfig(io);
    expect(mode(path)).toBe(0o600);
    expect(warnings).toBe(`vbazure: warning: ${path} was open to others (mode 0644); tightened to 0600\n`);
    warnings = "";
    readConfig(io);
    expect(warnings).toBe("");
  });
});

describe("writeConfig", () => {
  it("creates the folder 0700 and the file 0600, leaving no temporary file", () => {
    const config = { defaultProfile: "lab", profiles: { lab: { url: "http://127.0.0.1:4010" } } };
    writeConfig(io, config);
    expect(mode(join(dir, "nested", "vbazure"))).toBe(0o700);
    expect(mode(path)).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(config);
    expect(readdirSync(join(dir, "nested", "vbazure"))).toEqual(["config.json"]);
    expect(readConfig(io)).toEqual(config);
  });

  it("replaces the file whole, by a rename: the old inode is not written into", () => {
    writeConfig(io, { profiles: { a: { url: "u" } } });
    const before = statSync(path).ino;
    writeConfig(io, { profiles: { b: { url: "v" } } });
    expect(statSync(path).ino).not.toBe(before);
    expect(readConfig(io)).toEqual({ profiles: { b: { url: "v" } } });
  });

  it("never writes a secret", () => {
    const config = { profiles: { prod: { url: "u", password: "hunter2" } } };
    expect(() => writeConfig(io, config as never)).toThrow(/holds a secret \(profiles\.prod\.password\)/);
    expect(() => statSync(path)).toThrow();
  });
});
