// Parsers for option values: commander calls them and turns what they throw into a usage error that names the
// option ("option '--page-size <n>' argument 'abc' is invalid. ...").
import { InvalidArgumentError } from "commander";

/**
 * A parser of whole numbers from `min` to `max`.
 *
 * @example
 * ```ts
 * new Option("--page-size <n>").argParser(wholeNumber(1));
 * ```
 */
export function wholeNumber(min: number, max = 2 ** 31 - 1): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(`Give a whole number from ${min} to ${max}.`);
    }
    return number;
  };
}

/**
 * Parses a duration in seconds (fractions allowed, more than 0) into milliseconds.
 *
 * @example
 * ```ts
 * seconds("2.5"); // 2500
 * ```
 */
export function seconds(value: string): number {
  const number = Number(value);
  const ms = Math.round(number * 1000);
  if (value.trim() === "" || !Number.isFinite(number) || ms < 1 || ms > 2 ** 31 - 1) {
    throw new InvalidArgumentError("Give a number of seconds greater than 0, such as 30 or 0.5.");
  }
  return ms;
}
