// The `ca` option's check: PEM certificates only, one or a list of them, and only on Node.js.
import { describe, expect, it, vi } from "vitest";
import { requireCa } from "../../src/core/ca.js";

const refusal = new TypeError(
  "ca (Node.js only) must be a PEM certificate (-----BEGIN CERTIFICATE-----) or a list of them",
);
// The shape of a certificate as `openssl x509` writes it: base64 of DER, which starts with "M".
const pem =
  "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Fy\nZm9yIHRlc3Rz+/0=\n-----END CERTIFICATE-----\n";
const other = "-----BEGIN CERTIFICATE-----\nMIIBtDCCAVqgAwIBAgIUZm9v\n-----END CERTIFICATE-----\n";

/** What `requireCa` throws while `globalThis.process` is `runtime`, or undefined when it returns. */
function underRuntime(runtime: unknown, ca: unknown): unknown {
  vi.stubGlobal("process", runtime);
  try {
    requireCa(ca);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    vi.unstubAllGlobals(); // before asserting: vitest itself reads `process`
  }
}

describe("requireCa", () => {
  it("returns one certificate as a list of it", () => {
    expect(requireCa(pem)).toEqual([pem]);
  });

  it("returns a list of certificates as it is", () => {
    expect(requireCa([pem, other])).toEqual([pem, other]);
  });

  it.each([
    ["Windows line ends", pem.replaceAll("\n", "\r\n")],
    ["no line break", "-----BEGIN CERTIFICATE-----MIIBszCCAVmgAwIBAgIU-----END CERTIFICATE-----"],
    ["indented lines", "-----BEGIN CERTIFICATE-----\n  MIIBszCCAVmg\n  AwIBAgIU\n-----END CERTIFICATE-----"],
    ["text around the block", `subject=CN = appliance\n${pem}trailing notes\n`],
  ])("accepts a PEM with %s", (_, text) => {
    expect(requireCa(text)).toEqual([text]);
  });

  it.each([
    ["an empty text", ""],
    ["a text without a PEM block", "not a certificate"],
    ["a block that is not base64", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"],
    ["a block whose base64 does not start with M (not DER)", pem.replace("MIIB", "AIIB")],
    ["a private key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----"],
    ["a block without its end line", "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n"],
    ["an empty list", []],
    ["a list with one bad entry after a good one", [pem, "not a certificate"]],
    ["a list with one bad entry before a good one", ["not a certificate", pem]],
    ["a number", 42],
    ["a list holding a number", [pem, 42]],
    ["undefined", undefined],
    ["a Buffer of the PEM (read without an encoding)", Buffer.from(pem)],
    ["an object that prints as the PEM", { toString: () => pem }],
  ])("refuses %s", (_, ca) => {
    expect(() => requireCa(ca)).toThrow(refusal);
  });

  it.each([
    ["no process (a browser)", undefined],
    ["a process without versions (a bundler's shim)", { env: {} }],
    ["a process without a Node.js version", { versions: {} }],
    ["a process whose Node.js version is not a text", { versions: { node: 20 } }],
  ])("refuses even a good certificate where there is %s", (_, runtime) => {
    expect(underRuntime(runtime, pem)).toEqual(refusal);
    expect(underRuntime(runtime, pem)).toBeInstanceOf(TypeError);
  });

  it("accepts it where the process says it is Node.js", () => {
    expect(underRuntime({ versions: { node: "20.19.0" } }, pem)).toBeUndefined();
  });
});
