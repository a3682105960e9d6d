import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requireCount, requireId, requireIds, requireUuid } from "../../src/core/validation.js";
import { createTransport } from "../../src/transport.js";

describe("requireId", () => {
  it.each([
    ["a number", 8],
    ["undefined", undefined],
    ["an object", { id: "8" }],
  ])("refuses %s with a TypeError", (_, value) => {
    expect(() => requireId(value, "vmId")).toThrow(
      new TypeError(`vmId must be a non-empty string, got ${String(value)}`),
    );
  });

  it.each(["", "   "])("refuses the empty id %j", (value) => {
    expect(() => requireId(value, "vmId")).toThrow(
      `vmId must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  });

  it.each([".", ".."])("refuses the dot segment %j, which a URL parser would resolve away", (value) => {
    expect(() => requireId(value, "id")).toThrow(/dot segment/);
  });

  it("refuses a string with a lone surrogate, which cannot be percent-encoded", () => {
    expect(() => requireId("a\uD800b", "id")).toThrow(/well-formed/);
  });

  it("keeps any other string as one path segment of the request (property)", async () => {
    const urls: string[] = [];
    const api = createTransport<"v1">({
      baseUrl: "https://appliance.test",
      fetch: async (request: Request) => {
        urls.push(request.url);
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1 }), async (id) => {
        fc.pre(id.trim() !== "" && id !== "." && id !== "..");
        requireId(id, "id");
        await api.GET("/api/v1/jobSessions/{id}", { params: { path: { id } } });
        const url = new URL(urls.at(-1) ?? "");
        expect(url.origin).toBe("https://appliance.test");
        expect(url.search + url.hash).toBe("");
        const segments = url.pathname.split("/");
        expect(segments).toHaveLength(5);
        expect(segments.slice(0, 4)).toEqual(["", "api", "v1", "jobSessions"]);
        expect(decodeURIComponent(segments[4] ?? "")).toBe(id);
      }),
      { numRuns: 300 },
    );
  });

  it.each(["../x", "a/b", "a?b#c", "%2e%2e", "..%2f", "a b"])("keeps %j as one segment", async (id) => {
    let url = "";
    const api = createTransport<"v1">({
      baseUrl: "https://appliance.test",
      fetch: async (request: Request) => {
        url = request.url;
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    await api.POST("/api/v1/virtualMachines/{id}/deleteSnapshots", {
      params: { path: { id: requireId(id, "vmId") } },
    });
    const { pathname, search, hash } = new URL(url);
    expect(search + hash).toBe("");
    expect(pathname.split("/").map(decodeURIComponent)).toEqual([
      "",
      "api",
      "v1",
      "virtualMachines",
      id,
      "deleteSnapshots",
    ]);
  });
});

describe("requireCount", () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    "refuses %s with a RangeError",
    (value) => {
      expect(() => requireCount(value, "limit", 1)).toThrow(RangeError);
    },
  );

  it("names the argument and the range", () => {
    expect(() => requireCount(0, "limit", 1)).toThrow("limit must be an integer from 1 to 2147483647, got 0");
  });

  it("refuses a non-number with a TypeError", () => {
    expect(() => requireCount("30", "limit", 1)).toThrow(TypeError);
  });

  it.each([
    ["30", "string"],
    [undefined, "undefined"],
    [null, "object"],
    [30n, "bigint"],
  ])("names the argument and the type it got for the non-number %s", (value, type) => {
    expect(() => requireCount(value, "limit", 1)).toThrow(
      new TypeError(`limit must be a number, got ${type}`),
    );
  });

  it("shows a bad count as it was given", () => {
    expect(() => requireCount(-0.5, "offset", 0)).toThrow(
      new RangeError("offset must be an integer from 0 to 2147483647, got -0.5"),
    );
    expect(() => requireCount(Number.NaN, "offset", 0)).toThrow(
      new RangeError("offset must be an integer from 0 to 2147483647, got NaN"),
    );
  });

  it("returns a count in range as it is", () => {
    expect(requireCount(25, "limit", 1)).toBe(25);
  });

  it("accepts the bounds", () => {
    expect(requireCount(0, "offset", 0)).toBe(0);
    expect(requireCount(2 ** 31 - 1, "offset", 0)).toBe(2 ** 31 - 1);
  });
});

describe("requireIds", () => {
  it("returns the distinct ids in the order first given", () => {
    expect(requireIds(["vm-b", "vm-a", "vm-b", "vm-a", "vm-c"], "vmIds")).toEqual(["vm-b", "vm-a", "vm-c"]);
  });

  it("returns a new array, not the one given", () => {
    const given = ["vm-a"];
    const ids = requireIds(given, "vmIds");
    expect(ids).toEqual(given);
    expect(ids).not.toBe(given);
  });

  it("keeps ids that differ only in case apart", () => {
    expect(requireIds(["VM-A", "vm-a"], "vmIds")).toEqual(["VM-A", "vm-a"]);
  });

  it.each([
    ["an empty array", [], "vmIds must be a non-empty array of ids, got []"],
    ["a string", "vm-a", 'vmIds must be a non-empty array of ids, got "vm-a"'],
    ["undefined", undefined, "vmIds must be a non-empty array of ids, got undefined"],
    ["a Set", new Set(["vm-a"]), "vmIds must be a non-empty array of ids, got [object Set]"],
  ])("refuses %s with a TypeError", (_what, value, message) => {
    expect(() => requireIds(value, "vmIds")).toThrow(new TypeError(message));
  });

  it.each([
    [["vm-a", ""], 'vmIds[1] must be a non-empty string, got ""'],
    [["vm-a", 7], "vmIds[1] must be a non-empty string, got 7"],
    [[null], "vmIds[0] must be a non-empty string, got null"],
    [["vm-a", "vm-b", ".."], 'vmIds[2] ".." is not an id: a URL would resolve it as a dot segment'],
  ])("refuses %j, naming the bad element", (value, message) => {
    expect(() => requireIds(value, "vmIds")).toThrow(new TypeError(message));
  });
});

describe("requireUuid", () => {
  it.each([
    "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a",
    "3C1B5F2E-9F0A-4D7E-8A4B-2F6C1D0E9B7A",
    "00000000-0000-0000-0000-000000000000",
  ])("returns %s as it is", (value) => {
    expect(requireUuid(value, "restorePointId")).toBe(value);
  });

  it.each([
    ["not a UUID", "restore-point-1"],
    ["in braces", "{3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a}"],
    ["without dashes", "3c1b5f2e9f0a4d7e8a4b2f6c1d0e9b7a"],
    ["with a leading blank", " 3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a"],
    ["with a trailing newline", "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a\n"],
    ["with a non-hex digit", "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7g"],
    ["one digit short", "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7"],
    ["as a URN", "urn:uuid:3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a"],
    ["empty", ""],
  ])("refuses a string %s with a TypeError naming the argument", (_what, value) => {
    expect(() => requireUuid(value, "restorePointId")).toThrow(
      new TypeError(
        `restorePointId must be a UUID such as "3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a", got ${JSON.stringify(value)}`,
      ),
    );
  });

  // The array of one UUID reads as that UUID once made a string.
  it.each([[42], [null], [undefined], [{}], [["3c1b5f2e-9f0a-4d7e-8a4b-2f6c1d0e9b7a"]]])(
    "refuses %j, which is no string",
    (value) => {
      expect(() => requireUuid(value, "restorePointId")).toThrow(TypeError);
      expect(() => requireUuid(value, "restorePointId")).toThrow(`got ${String(value)}`);
    },
  );
});
