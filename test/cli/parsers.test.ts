// Option values: what is accepted, and what is refused with a message commander shows.
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { seconds, wholeNumber } from "../../src/cli/parsers.js";

describe("wholeNumber", () => {
  it.each([
    ["1", 1],
    ["30", 30],
    ["2147483647", 2 ** 31 - 1],
  ])("takes %s", (value, number) => {
    expect(wholeNumber(1)(value)).toBe(number);
  });

  it.each(["0", "-1", "1.5", "1e3", "abc", "", "2147483648"])("refuses %j", (value) => {
    expect(() => wholeNumber(1)(value)).toThrow(InvalidArgumentError);
  });
});

describe("seconds", () => {
  it.each([
    ["30", 30_000],
    ["0.05", 50],
    ["2.5", 2_500],
  ])("takes %s as %d ms", (value, ms) => {
    expect(seconds(value)).toBe(ms);
  });

  it.each(["0", "-1", "0.0001", "soon", "", "Infinity", "1e10"])("refuses %j", (value) => {
    expect(() => seconds(value)).toThrow(InvalidArgumentError);
  });
});
