// The least the client relies on in an answer: a page has a results array, whatever else it holds or lacks.
import { describe, expect, it } from "vitest";
import { pageOf } from "../../src/core/shapes.js";

describe("pageOf", () => {
  const shape = pageOf<{ results: unknown[] }>();

  it.each([
    ["an empty page", { results: [] }],
    ["a page with items and more", { offset: 0, limit: 10, totalCount: 1, results: [{ vmId: "vm-1" }] }],
  ])("takes %s", (_what, value) => {
    expect(shape.valid(value)).toBe(true);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["an object without results", { offset: 0 }],
    ["results that are no array", { results: { 0: "vm-1" } }],
    ["a bare list", [{ vmId: "vm-1" }]],
  ])("refuses %s, without throwing", (_what, value) => {
    expect(shape.valid(value)).toBe(false);
  });

  it("says what a page is in the message of a refusal", () => {
    expect(shape.what).toBe("a page of snapshots (no results)");
  });
});
