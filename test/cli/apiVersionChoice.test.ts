// The --api-version choice as a value: its choices, how the version in use is described, which options v1 refuses
// and how the options' source becomes "given with ...".
import { describe, expect, it } from "vitest";
import { apiVersionChoices, describeApiVersion, requireV6OrLater } from "../../src/cli/apiVersionChoice.js";
import { givenApiVersion, type Source } from "../../src/cli/connect.js";
import { UsageError } from "../../src/cli/usageError.js";
import { apiVersions } from "../../src/core/apiVersion.js";

describe("apiVersionChoices", () => {
  it("are every version the client speaks, and auto", () => {
    expect([...apiVersionChoices].sort()).toEqual([...apiVersions, "auto"].sort());
  });
});

describe("describeApiVersion", () => {
  it.each([
    ["v8.1", "detected", "v8.1 (detected)"],
    ["v6", "--api-version", "v6 (given with --api-version)"],
    ["v1", "VBAZURE_API_VERSION", "v1 (given with VBAZURE_API_VERSION)"],
    ["v7", "profile", "v7 (given by the profile)"],
  ] as const)("shows %s %s as %j", (apiVersion, source, shown) => {
    expect(describeApiVersion({ apiVersion, source })).toBe(shown);
  });
});

describe("requireV6OrLater", () => {
  it.each(["v6", "v7", "v8", "v8.1"] as const)("lets %s have every option", (apiVersion) => {
    expect(() =>
      requireV6OrLater({ apiVersion, source: "detected" }, ["--vm-id", "--manual-only"]),
    ).not.toThrow();
  });

  it("lets v1 through when no such option is given", () => {
    expect(() => requireV6OrLater({ apiVersion: "v1", source: "--api-version" }, [])).not.toThrow();
  });

  it("refuses on a detected v1, naming the options", () => {
    expect(() =>
      requireV6OrLater({ apiVersion: "v1", source: "detected" }, ["--vm-id", "--restore-point-id"]),
    ).toThrow(
      new UsageError(
        "--vm-id and --restore-point-id need API v6 or later, and this appliance speaks only v1 (detected; product 1.0): leave them out",
      ),
    );
  });

  it("refuses on a given v1, saying how it was given", () => {
    const refusal = () =>
      requireV6OrLater({ apiVersion: "v1", source: "VBAZURE_API_VERSION" }, ["--manual-only"]);
    expect(refusal).toThrow(UsageError);
    expect(refusal).toThrow(
      "--manual-only needs API v6 or later, and the API version is v1 (given with VBAZURE_API_VERSION): leave it out, or give v6 or later (or auto) if the appliance serves it",
    );
  });
});

describe("givenApiVersion", () => {
  const options = (apiVersion?: "auto" | "v1" | "v8") => ({
    timeout: 30_000,
    ...(apiVersion ? { apiVersion } : {}),
  });
  const from = (source: Source) => () => source;

  it.each([[undefined], ["auto" as const]])("leaves %s to detection", (apiVersion) => {
    expect(givenApiVersion(options(apiVersion), from("default"))).toBeUndefined();
  });

  it("names the flag or the environment variable it came from", () => {
    expect(givenApiVersion(options("v8"), from("cli"))).toEqual({
      apiVersion: "v8",
      source: "--api-version",
    });
    expect(givenApiVersion(options("v1"), from("env"))).toEqual({
      apiVersion: "v1",
      source: "VBAZURE_API_VERSION",
    });
  });
});
