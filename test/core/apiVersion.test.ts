// The API versions the client speaks, the one it speaks by default, and the check of a caller's apiVersion: a
// TypeError that names the versions it accepts and shows what it got.
import { describe, expect, it } from "vitest";
import { apiVersions, defaultApiVersion, requireApiVersion } from "../../src/core/apiVersion.js";

const every = '"v8.1", "v8", "v7", "v6", "v1"';

describe("apiVersions", () => {
  it("lists every version, newest first", () => {
    expect(apiVersions).toEqual(["v8.1", "v8", "v7", "v6", "v1"]);
  });
});

describe("defaultApiVersion", () => {
  it("is the newest version", () => {
    expect(defaultApiVersion).toBe("v8.1");
    expect(defaultApiVersion).toBe(apiVersions[0]);
  });
});

describe("requireApiVersion", () => {
  it.each(apiVersions)("returns %s, which it supports", (version) => {
    expect(requireApiVersion(version, apiVersions)).toBe(version);
  });

  it("refuses a version it does not support, naming those it does and quoting the one it got", () => {
    expect(() => requireApiVersion("v5", apiVersions)).toThrow(
      new TypeError(`apiVersion must be one of ${every}, got "v5"`),
    );
  });

  it("names only the versions it was given, and refuses the others", () => {
    expect(requireApiVersion("v8", ["v8.1", "v8"])).toBe("v8");
    expect(() => requireApiVersion("v1", ["v8.1", "v8"])).toThrow(
      new TypeError('apiVersion must be one of "v8.1", "v8", got "v1"'),
    );
  });

  it.each([
    [5, "5"],
    [undefined, "undefined"],
    [null, "null"],
    [{}, "[object Object]"],
    [["v8.1"], "v8.1"],
  ])("refuses %j, which is no string, showing it unquoted", (value, shown) => {
    expect(() => requireApiVersion(value, apiVersions)).toThrow(
      new TypeError(`apiVersion must be one of ${every}, got ${shown}`),
    );
  });
});
