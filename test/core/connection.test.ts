// One appliance connection over a fake fetch: the headers every request carries, and the token request, whose
// answers hold secrets and so are never quoted in an error.
import { describe, expect, it, vi } from "vitest";
import { connect } from "../../src/core/connection.js";
import { InvalidResponseError } from "../../src/core/errors.js";
import type { Fetch } from "../../src/core/fetchTransport.js";
import { version } from "../../src/core/version.js";

const baseUrl = "https://appliance.test";
const credentials = { username: "backupadmin", password: "test-only-password" };
const tokens = { access_token: "access-1", refresh_token: "refresh-1", expires_in: 3600 };

/** A fake appliance: the token request gets `tokenAnswer()`, any other request a job session. */
function appliance(tokenAnswer: () => Response = () => Response.json(tokens)) {
  return vi.fn<Fetch>(async (url) =>
    url.endsWith("/api/oauth2/token") ? tokenAnswer() : Response.json({ id: "8", status: "Running" }),
  );
}
const headersOf = (fetch: ReturnType<typeof appliance>) =>
  fetch.mock.calls.map(([url, init]) => {
    const headers = new Headers(init.headers);
    return {
      path: new URL(url).pathname,
      accept: headers.get("accept"),
      userAgent: headers.get("user-agent"),
    };
  });

describe("connect", () => {
  it("sends JSON and problem details as acceptable, and the client's User-Agent, on every request", async () => {
    const fetch = appliance();
    const { get, post, api } = connect({ baseUrl, credentials, fetch });
    await get("/api/v8.1/jobSessions/8", { parseAs: "text" });
    await post("/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", { parseAs: "text", body: {} });
    await api.GET("/api/v8.1/system/about", {});
    const sent = {
      accept: "application/json, application/problem+json",
      userAgent: `veeam-azure-client/${version}`,
    };
    expect(headersOf(fetch)).toEqual([
      { path: "/api/oauth2/token", ...sent },
      { path: "/api/v8.1/jobSessions/8", ...sent },
      { path: "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots", ...sent },
      { path: "/api/v8.1/system/about", ...sent },
    ]);
  });

  it("sends the User-Agent the options give", async () => {
    const fetch = appliance();
    await connect({ baseUrl, token: "t", fetch, userAgent: "ops-dashboard/2.0" }).get(
      "/api/v8.1/jobSessions/8",
      {
        parseAs: "text",
      },
    );
    expect(headersOf(fetch)).toEqual([
      {
        path: "/api/v8.1/jobSessions/8",
        accept: "application/json, application/problem+json",
        userAgent: "ops-dashboard/2.0",
      },
    ]);
  });

  it.each([
    [
      "a page that is not JSON",
      () =>
        new Response(`<html>${JSON.stringify(tokens)}</html>`, {
          headers: { "content-type": "text/html" },
        }),
      "POST /api/oauth2/token: 200 with text/html instead of JSON (a proxy or login page?)",
    ],
    [
      "malformed JSON",
      () =>
        new Response(JSON.stringify(tokens).slice(0, -1), {
          headers: { "content-type": "application/json" },
        }),
      "POST /api/oauth2/token: the response is not valid JSON",
    ],
  ])(
    "never quotes a token answer that is %s in the error, nor gives the parser's error as its cause",
    async (_what, tokenAnswer, message) => {
      const fetch = appliance(tokenAnswer);
      const { get } = connect({ baseUrl, credentials, fetch });
      const error = await get("/api/v8.1/jobSessions/8", { parseAs: "text" }).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toBe(message);
      expect((error as Error).cause).toBeUndefined();
      expect(fetch.mock.calls.map(([url]) => new URL(url).pathname)).toEqual(["/api/oauth2/token"]);
    },
  );
});
