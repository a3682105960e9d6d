import { describe, expect, it } from "vitest";
import { parseBaseUrl } from "../../src/core/baseUrl.js";

const required = "baseUrl is required, such as https://abc.ukwest.cloudapp.azure.com";
const credentials = "baseUrl must not contain a user name or password; use `credentials` or `token`";
const plainHttp = (host: string) =>
  `refusing plain http to ${host}: secrets would travel unencrypted; use https (\`ca\` trusts a self-signed certificate) or allowInsecureHttp: true`;

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

  it.each([
    ["", required],
    [undefined, required],
    [null, required],
    [42, required],
    [
      "abc.ukwest.cloudapp.azure.com",
      'baseUrl "abc.ukwest.cloudapp.azure.com" is not a URL; give one such as https://abc.ukwest.cloudapp.azure.com',
    ],
    ["ftp://abc", "baseUrl must be an https:// URL, got ftp:"],
    ["https://user:secret@abc", credentials],
    ["https://abc/?x=1", "baseUrl must not have a query or fragment"],
    ["https://abc/#top", "baseUrl must not have a query or fragment"],
    [
      "https://abc/api/v1",
      "baseUrl is the appliance's origin (https://abc); the paths already carry /api/v1",
    ],
    ["http://10.0.0.5", plainHttp("10.0.0.5")],
  ])("refuses %j with exactly this message", (input, message) => {
    expect(() => parseBaseUrl(input, false)).toThrow(new TypeError(message));
  });

  it.each([
    ["a user name alone", "https://backupadmin@abc"],
    ["a password alone", "https://:hunter2@abc"],
  ])("refuses %s in the URL", (_, input) => {
    expect(() => parseBaseUrl(input, false)).toThrow(new TypeError(credentials));
  });

  it("never repeats a password from the URL in its message", () => {
    expect(() => parseBaseUrl("https://user:hunter2@abc", false)).toThrow(/^(?!.*hunter2)/s);
  });

  it.each([
    ["https://abc.ukwest.cloudapp.azure.com//", "https://abc.ukwest.cloudapp.azure.com"],
    ["https://proxy.example.org/veeam///", "https://proxy.example.org/veeam"],
  ])("drops every trailing slash of %s", (input, expected) => {
    expect(parseBaseUrl(input, false)).toBe(expected);
  });

  it.each([
    ["127.1.2.3", "http://127.1.2.3:4010"],
    ["127.100.200.254", "http://127.100.200.254:4010"],
    ["LOCALHOST", "http://localhost:4010"],
  ])("accepts plain http to this machine: %s", (host, expected) => {
    expect(parseBaseUrl(`http://${host}:4010`, false)).toBe(expected);
  });

  it.each(["localhost.evil.com", "evil-localhost", "127.0.0.1.evil.com", "evil.127.0.0.1.nip.io"])(
    "refuses plain http to %s, which only looks like this machine",
    (host) => {
      expect(() => parseBaseUrl(`http://${host}`, false)).toThrow(new TypeError(plainHttp(host)));
    },
  );

  it("refuses plain http to another IPv6 address than [::1]", () => {
    expect(() => parseBaseUrl("http://[::2]", false)).toThrow(new TypeError(plainHttp("[::2]")));
  });

  it("allows plain http elsewhere only when asked", () => {
    expect(parseBaseUrl("http://10.0.0.5", true)).toBe("http://10.0.0.5");
    expect(parseBaseUrl("http://localhost.evil.com", true)).toBe("http://localhost.evil.com");
  });
});
