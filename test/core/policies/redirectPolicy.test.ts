// The redirect policy with in-memory responses: which statuses count as a redirect, and what the refusal says
// about where it pointed.
import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../../../src/core/errors.js";
import type { PipelineRequest } from "../../../src/core/pipeline.js";
import { redirectPolicy } from "../../../src/core/policies/redirectPolicy.js";

const request = (extra: Partial<PipelineRequest> = {}): PipelineRequest => ({
  url: "https://h:8443/api/v1/jobSessions/8?x=1",
  method: "GET",
  headers: new Headers(),
  body: null,
  signal: null,
  ...extra,
});

const answer = (status: number, location?: string) =>
  new Response(null, { status, headers: location === undefined ? {} : { location } });

const through = (response: Response, req: PipelineRequest = request()) =>
  redirectPolicy(req, async () => response);

async function refusal(response: Response, req: PipelineRequest = request()): Promise<Error> {
  const error = await through(response, req).then(
    () => expect.fail("the redirect was let through"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidResponseError);
  return error as Error;
}

describe("redirectPolicy", () => {
  it.each([301, 302, 303, 307, 308])(
    "refuses a %i to the same origin, naming the path it pointed to",
    async (status) => {
      const error = await refusal(answer(status, "/api/v1/other?y=2"));
      expect(error.message).toBe("GET /api/v1/jobSessions/8: refused to follow a redirect to /api/v1/other");
    },
  );

  it.each([301, 302, 303, 307, 308])(
    "refuses a %i to another origin, saying the token would go there",
    async (status) => {
      const error = await refusal(answer(status, "https://evil.example/collect"));
      expect(error.message).toBe(
        "GET /api/v1/jobSessions/8: refused to follow a redirect to another origin (https://evil.example), with the token",
      );
    },
  );

  it("counts the same host on another port, or over http, as another origin", async () => {
    const port = await refusal(answer(302, "https://h:9443/api/v1/jobSessions/8"));
    expect(port.message).toContain("another origin (https://h:9443), with the token");
    const scheme = await refusal(answer(302, "http://h:8443/api/v1/jobSessions/8"));
    expect(scheme.message).toContain("another origin (http://h:8443), with the token");
  });

  it("resolves a relative Location against the request's URL", async () => {
    const error = await refusal(answer(307, "../../v2/jobSessions/8"));
    expect(error.message).toBe(
      "GET /api/v1/jobSessions/8: refused to follow a redirect to /api/v2/jobSessions/8",
    );
  });

  it("names the request's method", async () => {
    const error = await refusal(
      answer(307, "/elsewhere"),
      request({ method: "POST", url: "https://h:8443/api/v1/virtualMachines/vm/deleteSnapshots" }),
    );
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/vm/deleteSnapshots: refused to follow a redirect to /elsewhere",
    );
  });

  it("refuses a redirect without a Location, saying it had none", async () => {
    const error = await refusal(answer(302));
    expect(error.message).toBe("GET /api/v1/jobSessions/8: refused a 302 redirect with no Location");
  });

  it("quotes no more than 100 characters of an invalid Location", async () => {
    const location = `https://exa mple/${"x".repeat(200)}`;
    const error = await refusal(answer(302, location));
    expect(error.message).toBe(
      `GET /api/v1/jobSessions/8: refused a 302 redirect with an invalid Location ${JSON.stringify(location.slice(0, 100))}`,
    );
  });

  it("refuses a redirect whose Location is not a URL as an InvalidResponseError, quoting it", async () => {
    const error = await refusal(answer(302, "https://exa mple"));
    expect(error.message).toBe(
      'GET /api/v1/jobSessions/8: refused a 302 redirect with an invalid Location "https://exa mple"',
    );
  });

  it("refuses 300 and 399, the ends of the redirect range", async () => {
    await refusal(answer(300, "/a"));
    await refusal(answer(399, "/a"));
  });

  it.each([200, 201, 204, 299, 400, 404, 500])(
    "passes a %i through unchanged, the same object",
    async (status) => {
      const response = answer(status, "https://evil.example/");
      await expect(through(response)).resolves.toBe(response);
    },
  );

  it("passes a 304 Not Modified through unchanged: it is not a redirect", async () => {
    const response = answer(304);
    await expect(through(response)).resolves.toBe(response);
  });

  it("refuses a browser's opaque redirect, which has no status or location to read", async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperties(opaque, { type: { value: "opaqueredirect" }, status: { value: 0 } });
    const error = await refusal(opaque);
    expect(error.message).toBe(
      "GET /api/v1/jobSessions/8: refused to follow a redirect (the browser does not say where to)",
    );
  });

  it("refuses an opaque redirect even when its status reads as a success", async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    await refusal(opaque);
  });

  it("lets a failure of next pass as is", async () => {
    const failure = new Error("no answer");
    await expect(
      redirectPolicy(request(), async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});
