import { describe, expect, it } from "vitest";
import { parseBaseUrl } from "../../src/core/baseUrl.js";

describe("parseBaseUrl", () => {
  it.each([
    ["https://abc.ukwest.cloudapp.azure.com", "https://abc.ukwest.cloudapp.azure.com"],
    ["https://abc.ukwest.cloudapp.azure.com/", "https://abc.ukwest.cloudapp.azure.com"],
    ["https://abc.ukwest.cloudapp.azure.com:8443", "https://abc.ukwest.cloudapp.azure.com:8443"],
    ["https://proxy.example.org/veeam/", "https://proxy.example.org/veeam"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http://localhost:4010", "http://localhost:4010"],
    ["http://[::1]:4010", "http://[::1]:4010"],
  ])("accepts %s", (input, expected) => {
    expect(parseBaseUrl(input, false)).toBe(expected);
  });

  it.each([
    ["", /baseUrl is required/],
    ["abc.ukwest.cloudapp.azure.com", /is not a URL/],
    ["ftp://abc", /must be an https:\/\/ URL/],
    ["https://user:secret@abc", /must not contain a user name or password/],
    ["https://abc/?x=1", /query or fragment/],
    ["https://abc/api/v1", /paths already carry \/api\/v1/],
    ["http://10.0.0.5", /refusing plain http to 10\.0\.0\.5/],
  ])("refuses %j with a TypeError that says what to do", (input, message) => {
    expect(() => parseBaseUrl(input, false)).toThrow(message);
    expect(() => parseBaseUrl(input, false)).toThrow(TypeError);
  });

  it("never repeats a password from the URL in its message", () => {
    expect(() => parseBaseUrl("https://user:hunter2@abc", false)).toThrow(/^(?!.*hunter2)/s);
  });

  it("allows plain http elsewhere only when asked", () => {
    expect(parseBaseUrl("http://10.0.0.5", true)).toBe("http://10.0.0.5");
  });
});
