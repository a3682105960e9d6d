// resolveOptions on its own: each option's check, with the exact message a caller sees, and the defaults.
import { describe, expect, it, vi } from "vitest";
import { type ClientOptions, resolveOptions } from "../../src/core/options.js";
import { version } from "../../src/core/version.js";

const baseUrl = "https://appliance.test";
// The options a caller could pass from plain JavaScript, where the types do not hold them back.
const resolve = (options: unknown) => resolveOptions(options as ClientOptions);
const fetch = async () => new Response("{}");
// Checked for its form only: the fetch made for it is not called here (tlsFetch.test.ts sends with one).
const pem =
  "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUA\n-----END CERTIFICATE-----\n";

describe("resolveOptions", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", baseUrl],
    ["a number", 1],
    ["a function", () => ({ baseUrl })],
  ])("refuses %s instead of an options object", (_, options) => {
    expect(() => resolve(options)).toThrow(new TypeError("createClient needs an options object"));
  });

  it("applies the defaults", () => {
    expect(resolve({ baseUrl })).toEqual({
      baseUrl,
      timeoutMs: 30_000,
      retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 },
      fetch: globalThis.fetch,
      userAgent: `veeam-azure-client/${version}`,
    });
  });

  it("keeps the values given, and the base URL without its trailing slash", () => {
    expect(
      resolve({
        baseUrl: "https://proxy.example.org/veeam/",
        timeoutMs: 5_000,
        retry: { attempts: 5, baseDelayMs: 0, maxDelayMs: 1_000 },
        fetch,
        userAgent: "ops-dashboard/2.0",
      }),
    ).toEqual({
      baseUrl: "https://proxy.example.org/veeam",
      timeoutMs: 5_000,
      retry: { attempts: 5, baseDelayMs: 0, maxDelayMs: 1_000 },
      fetch,
      userAgent: "ops-dashboard/2.0",
    });
  });

  it("fills in the retry fields left out", () => {
    expect(resolve({ baseUrl, retry: { attempts: 1 } }).retry).toEqual({
      attempts: 1,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
    });
    expect(resolve({ baseUrl, retry: {} }).retry).toEqual({
      attempts: 3,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
    });
  });

  it("sends every request once with retry: false", () => {
    expect(resolve({ baseUrl, retry: false }).retry).toEqual({ attempts: 1, baseDelayMs: 0, maxDelayMs: 0 });
  });

  it.each([
    ["null", null],
    ["true", true],
    ["a number", 3],
    ["a string", "3"],
  ])("refuses retry: %s", (_, retry) => {
    expect(() => resolve({ baseUrl, retry })).toThrow(
      new TypeError("retry must be an object ({ attempts, baseDelayMs, maxDelayMs }) or false"),
    );
  });

  it.each([
    [{ attempts: 0 }, new RangeError("retry.attempts must be an integer from 1 to 2147483647, got 0")],
    [{ attempts: 1.5 }, new RangeError("retry.attempts must be an integer from 1 to 2147483647, got 1.5")],
    [{ attempts: "3" }, new TypeError("retry.attempts must be a number, got string")],
    [
      { baseDelayMs: -1 },
      new RangeError("retry.baseDelayMs must be an integer from 0 to 2147483647, got -1"),
    ],
    [{ baseDelayMs: null }, new TypeError("retry.baseDelayMs must be a number, got object")],
    [{ maxDelayMs: -1 }, new RangeError("retry.maxDelayMs must be an integer from 0 to 2147483647, got -1")],
    [
      { maxDelayMs: Number.POSITIVE_INFINITY },
      new RangeError("retry.maxDelayMs must be an integer from 0 to 2147483647, got Infinity"),
    ],
  ])("refuses retry: %o, naming the field", (retry, error) => {
    expect(() => resolve({ baseUrl, retry })).toThrow(error);
  });

  it.each([
    [0, new RangeError("timeoutMs must be an integer from 1 to 2147483647, got 0")],
    [1.5, new RangeError("timeoutMs must be an integer from 1 to 2147483647, got 1.5")],
    [2 ** 31, new RangeError("timeoutMs must be an integer from 1 to 2147483647, got 2147483648")],
    ["30000", new TypeError("timeoutMs must be a number, got string")],
  ])("refuses timeoutMs: %j", (timeoutMs, error) => {
    expect(() => resolve({ baseUrl, timeoutMs })).toThrow(error);
  });

  it("refuses ca together with fetch: a given fetch's TLS is set up where it is made", () => {
    expect(() => resolve({ baseUrl, ca: pem, fetch })).toThrow(
      new TypeError("pass either `ca` or `fetch`, not both"),
    );
  });

  it("makes a fetch of its own for ca, with no global fetch needed", () => {
    vi.stubGlobal("fetch", undefined);
    const resolved = resolve({ baseUrl, ca: pem });
    expect(resolved.fetch).toBeTypeOf("function");
    expect(resolved.fetch).not.toBe(fetch);
  });

  it("refuses a ca that holds no PEM certificate", () => {
    expect(() => resolve({ baseUrl, ca: "not a certificate" })).toThrow(
      new TypeError(
        "ca (Node.js only) must be a PEM certificate (-----BEGIN CERTIFICATE-----) or a list of them",
      ),
    );
  });

  it("needs a fetch when the runtime has no global one", () => {
    vi.stubGlobal("fetch", undefined);
    expect(() => resolve({ baseUrl })).toThrow(new TypeError("no global fetch: pass `fetch` in the options"));
    expect(resolve({ baseUrl, fetch }).fetch).toBe(fetch);
  });

  it("refuses a fetch that is not a function", () => {
    expect(() => resolve({ baseUrl, fetch: "https://proxy" })).toThrow(
      new TypeError("no global fetch: pass `fetch` in the options"),
    );
  });

  it("allows plain http to another machine with allowInsecureHttp: true only", () => {
    expect(resolve({ baseUrl: "http://10.0.0.5:8080/", allowInsecureHttp: true }).baseUrl).toBe(
      "http://10.0.0.5:8080",
    );
    const refusal = new TypeError(
      "refusing plain http to 10.0.0.5: secrets would travel unencrypted; use https (`ca` trusts a self-signed certificate) or allowInsecureHttp: true",
    );
    for (const allowInsecureHttp of [false, undefined, "true", 1]) {
      expect(() => resolve({ baseUrl: "http://10.0.0.5:8080", allowInsecureHttp })).toThrow(refusal);
    }
  });

  it("allows plain http to this machine without allowInsecureHttp", () => {
    expect(resolve({ baseUrl: "http://127.0.0.1:4010" }).baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("refuses a missing base URL", () => {
    expect(() => resolve({})).toThrow(
      new TypeError("baseUrl is required, such as https://abc.ukwest.cloudapp.azure.com"),
    );
  });

  it("sends veeam-azure-client/<version> as the User-Agent unless given one", () => {
    expect(resolve({ baseUrl }).userAgent).toBe(`veeam-azure-client/${version}`);
    expect(resolve({ baseUrl, userAgent: "ops-dashboard/2.0" }).userAgent).toBe("ops-dashboard/2.0");
    expect(resolve({ baseUrl, userAgent: "" }).userAgent).toBe("");
  });
});
