import { describe, expect, it } from "vitest";
import { errorFromResponse } from "../../src/core/errorFromResponse.js";
import { ApiError, VeeamAzureError } from "../../src/core/errors.js";

const request = {
  method: "POST",
  path: "/api/v1/virtualMachines/x/deleteSnapshots",
  pathTemplate: "/api/v1/virtualMachines/{id}/deleteSnapshots",
  url: "https://h/api/v1/virtualMachines/x/deleteSnapshots",
};
const problem = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers: { "content-type": "application/problem+json", ...headers } });

describe("errorFromResponse", () => {
  it("names the method, the path requested, the status, the problem's detail and its trace id", () => {
    const error = errorFromResponse(request, problem(404), {
      title: "Not Found",
      status: 404,
      detail: "Virtual machine with ID 'x' was not found.",
      traceId: "00-abc-01",
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(VeeamAzureError);
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 404 Not Found - Virtual machine with ID 'x' was not found. (trace 00-abc-01)",
    );
    expect(error).toMatchObject({
      status: 404,
      method: "POST",
      path: "/api/v1/virtualMachines/x/deleteSnapshots",
      pathTemplate: "/api/v1/virtualMachines/{id}/deleteSnapshots",
      url: request.url,
      requestId: "00-abc-01",
    });
  });

  it("falls back to the title, and lists validation errors by field", () => {
    const error = errorFromResponse(request, new Response(null, { status: 400, statusText: "Bad Request" }), {
      title: "One or more validation errors occurred.",
      errors: { limit: ["The value '0' is not valid for Limit."] },
    });
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 400 Bad Request - One or more validation errors occurred.; limit: The value '0' is not valid for Limit.",
    );
  });

  it("prefers a request-id header over the problem's traceId", () => {
    const error = errorFromResponse(request, problem(500, { "x-request-id": "req-1" }), {
      title: "x",
      traceId: "t",
    });
    expect(error.requestId).toBe("req-1");
  });

  it("describes an HTML page from a proxy instead of dumping it", () => {
    const html =
      "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
    const response = new Response(null, {
      status: 502,
      statusText: "Bad Gateway",
      headers: { "content-type": "text/html" },
    });
    const error = errorFromResponse(
      { ...request, method: "GET", path: "/api/v1/virtualMachineSnapshots" },
      response,
      html,
    );
    expect(error.message).toBe(
      `GET /api/v1/virtualMachineSnapshots: 502 Bad Gateway - an HTML page ("502 Bad Gateway"), not the appliance's JSON: is a proxy in the way?`,
    );
    expect(error.body).toBe(html);
  });

  it("shortens a long text body and uses the status text the server sent", () => {
    const response = new Response(null, { status: 503, statusText: "Busy" });
    const error = errorFromResponse(request, response, "x".repeat(500));
    expect(error.message).toMatch(/: 503 Busy - x{200}\.\.\.$/);
  });

  it("reads without a body", () => {
    const error = errorFromResponse(
      request,
      new Response(null, { status: 403, statusText: "Forbidden" }),
      undefined,
    );
    expect(error.message).toBe("POST /api/v1/virtualMachines/x/deleteSnapshots: 403 Forbidden");
  });

  it("takes the reason phrase from the problem's title when the response has none (HTTP/2)", () => {
    const error = errorFromResponse(request, new Response(null, { status: 404 }), { title: "Not Found" });
    expect(error.message).toBe("POST /api/v1/virtualMachines/x/deleteSnapshots: 404 Not Found");
    const bare = errorFromResponse(request, new Response(null, { status: 403 }), undefined);
    expect(bare.message).toBe("POST /api/v1/virtualMachines/x/deleteSnapshots: 403");
  });

  it("collapses the whitespace of a text body and trims it", () => {
    const response = new Response(null, { status: 503, statusText: "Service Unavailable" });
    const error = errorFromResponse(request, response, "  Maintenance:\r\n\n  back at\t10:00 \n");
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 503 Service Unavailable - Maintenance: back at 10:00",
    );
  });

  it("keeps a text body of 200 characters whole and cuts a longer one there", () => {
    const response = () => new Response(null, { status: 500, statusText: "Internal Server Error" });
    const text = "y".repeat(199);
    expect(errorFromResponse(request, response(), `${text}z`).message).toMatch(/ - y{199}z$/);
    expect(errorFromResponse(request, response(), `${text}zz`).message).toMatch(/ - y{199}z\.\.\.$/);
  });

  it("takes a body the server calls HTML for a page, even when it does not start with a tag", () => {
    const response = new Response(null, {
      status: 403,
      statusText: "Forbidden",
      headers: { "content-type": "text/html; charset=utf-8" },
    });
    const error = errorFromResponse(request, response, "Access denied by policy");
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 403 Forbidden - an HTML page, not the appliance's JSON: is a proxy in the way?",
    );
  });

  it("takes a body that starts with a tag for a page whatever its type, and reads a title with attributes", () => {
    const page = '\n  <!DOCTYPE html><html><head><TITLE lang="en">\n  Sign   in </TITLE></head></html>';
    for (const headers of [{}, { "content-type": "text/plain" }]) {
      const response = new Response(null, { status: 401, statusText: "Unauthorized", headers });
      expect(errorFromResponse(request, response, page).message).toBe(
        `POST /api/v1/virtualMachines/x/deleteSnapshots: 401 Unauthorized - an HTML page ("Sign in"), not the appliance's JSON: is a proxy in the way?`,
      );
    }
    const bare = new Response(null, { status: 502, statusText: "Bad Gateway" });
    expect(errorFromResponse(request, bare, "<h1>Bad Gateway</h1>").message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 502 Bad Gateway - an HTML page, not the appliance's JSON: is a proxy in the way?",
    );
  });

  it("quotes a text body with a '<' after its start as text", () => {
    const response = new Response(null, {
      status: 400,
      statusText: "Bad Request",
      headers: { "content-type": "text/plain" },
    });
    const error = errorFromResponse(request, response, "limit must be < 1000");
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 400 Bad Request - limit must be < 1000",
    );
  });

  it.each([
    ["null", null],
    ["a number", 42],
    ["true", true],
    ["a list", ["a"]],
  ])("says nothing more for a JSON body that is %s", (_, body) => {
    const response = new Response(null, { status: 500, statusText: "Internal Server Error" });
    const error = errorFromResponse(request, response, body);
    expect(error.message).toBe("POST /api/v1/virtualMachines/x/deleteSnapshots: 500 Internal Server Error");
    expect(error.body).toBe(body);
    expect(error.requestId).toBeUndefined();
  });

  it("ignores a title, errors or traceId that is not of the problem details' types", () => {
    const response = new Response(null, { status: 400, statusText: "Bad Request" });
    for (const errors of ["limit is bad", null, 3]) {
      const error = errorFromResponse(request, response, { title: 42, errors, traceId: 7 });
      expect(error.message).toBe("POST /api/v1/virtualMachines/x/deleteSnapshots: 400 Bad Request");
      expect(error.requestId).toBeUndefined();
    }
  });

  it("lists every message of a field, and only the fields when the title is the reason phrase", () => {
    const response = new Response(null, { status: 400, statusText: "Bad Request" });
    const error = errorFromResponse(request, response, {
      title: "Bad Request",
      errors: {
        limit: ["The value '0' is not valid.", "Limit must be positive."],
        offset: "Must be a number.",
      },
    });
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 400 Bad Request - limit: The value '0' is not valid. Limit must be positive.; offset: Must be a number.",
    );
  });

  it("gives the problem's traceId as traceId, and says it in the message (a v8.1 404)", () => {
    const v81 = {
      method: "GET",
      path: "/api/v8.1/jobSessions/77",
      pathTemplate: "/api/v8.1/jobSessions/{sessionId}",
      url: "https://h/api/v8.1/jobSessions/77",
    };
    const error = errorFromResponse(v81, problem(404), {
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
      title: "Not Found",
      status: 404,
      detail: "Job session '77' was not found.",
      instance: "/api/v8.1/jobSessions/77",
      traceId: "0HN7GQ3C5V1F2:00000001",
    });
    expect(error.message).toBe(
      "GET /api/v8.1/jobSessions/77: 404 Not Found - Job session '77' was not found. (trace 0HN7GQ3C5V1F2:00000001)",
    );
    expect(error.traceId).toBe("0HN7GQ3C5V1F2:00000001");
    expect(error.requestId).toBe("0HN7GQ3C5V1F2:00000001");
  });

  it("keeps the problem's traceId apart from a request-id header, and names the traceId in the message", () => {
    const error = errorFromResponse(request, problem(500, { "x-request-id": "req-1" }), {
      title: "x",
      traceId: "0HNTRACE",
    });
    expect(error.traceId).toBe("0HNTRACE");
    expect(error.requestId).toBe("req-1");
    expect(error.message).toMatch(/ \(trace 0HNTRACE\)$/);
  });

  it("names a request-id header in the message when the problem has no traceId, with traceId undefined", () => {
    const error = errorFromResponse(request, problem(502, { "x-request-id": "req-2" }), {
      title: "Bad Gateway",
    });
    expect(error.traceId).toBeUndefined();
    expect(error.requestId).toBe("req-2");
    expect(error.message).toBe(
      "POST /api/v1/virtualMachines/x/deleteSnapshots: 502 Bad Gateway (trace req-2)",
    );
  });

  it.each([
    ["empty", ""],
    ["a number", 7],
    ["null", null],
  ])("has no traceId when the problem's is %s", (_what, traceId) => {
    const error = errorFromResponse(request, problem(400), { title: "Bad Request", traceId });
    expect(error.traceId).toBeUndefined();
    expect(error.message).not.toContain("(trace");
  });

  it("gives traceId for a token endpoint's 401, whose problem has no detail", () => {
    const token = {
      method: "POST",
      path: "/api/oauth2/token",
      pathTemplate: "/api/oauth2/token",
      url: "https://h/api/oauth2/token",
    };
    const error = errorFromResponse(token, new Response(null, { status: 401, statusText: "Unauthorized" }), {
      title: "Unauthorized",
      status: 401,
      traceId: "0HNLOGIN:00000003",
    });
    expect(error.message).toBe("POST /api/oauth2/token: 401 Unauthorized (trace 0HNLOGIN:00000003)");
    expect(error.traceId).toBe("0HNLOGIN:00000003");
  });
});
