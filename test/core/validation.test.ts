import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requireCount, requireId } from "../../src/core/validation.js";
import { createTransport } from "../../src/v1/transport.js";

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
    const api = createTransport({
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
    const api = createTransport({
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
