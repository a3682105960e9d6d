// What --verbose may show of a request: everything but credentials.
import { describe, expect, it } from "vitest";
import { redactForm, redactHeader, verboseFetch } from "../../src/cli/verboseFetch.js";

describe("redaction", () => {
  it.each([
    ["Authorization", "Bearer eyJhbGciOi.abc.def", "Bearer <redacted>"],
    ["authorization", "Basic dXNlcjpwYXNz", "Basic <redacted>"],
    ["Cookie", "session=abc", "<redacted>"],
    ["User-Agent", "vbazure/0.1.0", "vbazure/0.1.0"],
  ])("shows %s: %s as %s", (name, value, shown) => {
    expect(redactHeader(name, value)).toBe(shown);
  });

  it.each([
    [
      "grant_type=Password&username=backupadmin&password=hunter2",
      "grant_type=Password&username=backupadmin&password=<redacted>",
    ],
    ["grant_type=Refresh_token&refresh_token=abc.def", "grant_type=Refresh_token&refresh_token=<redacted>"],
    [
      "grant_type=Mfa&mfa_token=MFA-TOKEN&mfa_code=492817",
      "grant_type=Mfa&mfa_token=<redacted>&mfa_code=<redacted>",
    ],
    ["username=a%20b", "username=a%20b"],
  ])("shows the form %s as %s", (body, shown) => {
    expect(redactForm(body)).toBe(shown);
  });
});

describe("verboseFetch", () => {
  it("logs the request, its form body redacted, and the response, and passes both through", async () => {
    const lines: string[] = [];
    const fetch = verboseFetch(
      async (_url, init) => {
        expect(await new Response(init.body).text()).toBe("grant_type=Password&username=u&password=pw");
        return new Response("{}", { status: 200, statusText: "OK", headers: { "x-request-id": "r-1" } });
      },
      (line) => lines.push(line),
    );
    const response = await fetch("https://appliance.test/api/oauth2/token", {
      method: "POST",
      headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }),
      body: new TextEncoder().encode("grant_type=Password&username=u&password=pw").buffer,
    });
    expect(response.status).toBe(200);
    expect(lines[0]).toBe("> POST https://appliance.test/api/oauth2/token");
    expect(lines).toContain("> content-type: application/x-www-form-urlencoded");
    expect(lines).toContain("> grant_type=Password&username=u&password=<redacted>");
    expect(lines.at(-1)).toMatch(/^< 200 OK after \d+ ms \(request id r-1\)$/);
  });

  it("logs a failure and rethrows it", async () => {
    const lines: string[] = [];
    const failure = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    const fetch = verboseFetch(
      () => Promise.reject(failure),
      (line) => lines.push(line),
    );
    await expect(fetch("https://appliance.test/x", { method: "GET" })).rejects.toBe(failure);
    expect(lines.at(-1)).toMatch(/^< failed after \d+ ms: connect ECONNREFUSED 127\.0\.0\.1:9$/);
  });
});
