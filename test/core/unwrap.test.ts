// unwrap on its own, with results shaped like openapi-fetch's for `parseAs: "text"`: an error status becomes an
// ApiError, a success must be JSON of the shape the method relies on.
import { describe, expect, it } from "vitest";
import { ApiError, InvalidResponseError } from "../../src/core/errors.js";
import { asText, type Shape, type TextResult, unwrap, unwrapOrNoContent } from "../../src/core/unwrap.js";

const operation = { method: "GET", pathTemplate: "/api/v1/jobSessions/{id}" };
const url = "https://appliance.test/api/v1/jobSessions/8?verbose=1";

interface Session {
  id: string;
  status: string;
}
const sessionShape: Shape<Session> = {
  what: "a job session (no id or status)",
  valid: (value): value is Session =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as Session).id === "string" &&
    typeof (value as Session).status === "string",
};

/** A response as the pipeline returns it: with the URL requested (one made by hand has an empty one). */
const respond = (status: number, headers: Record<string, string> = {}, responseUrl = url) => {
  const response = new Response(null, { status, headers });
  Object.defineProperty(response, "url", { value: responseUrl });
  return response;
};
const success = (data: string | undefined, headers: Record<string, string> = {}): TextResult => ({
  data,
  response: respond(200, headers),
});
const json = { "content-type": "application/json" };
const rejection = (result: TextResult) =>
  unwrap(operation, Promise.resolve(result), sessionShape).then(
    () => expect.unreachable("unwrap resolved"),
    (error: unknown) => error as Error,
  );

describe("unwrap", () => {
  it("asks openapi-fetch for the body as text", () => {
    expect(asText).toEqual({ parseAs: "text" });
  });

  it("returns the parsed body of a success of the shape", async () => {
    const session = await unwrap(
      operation,
      Promise.resolve(success('{"id":"8","status":"Success","extra":[1]}', json)),
      sessionShape,
    );
    expect(session).toEqual({ id: "8", status: "Success", extra: [1] });
  });

  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON",
    "application/problem+json",
    "application/vnd.veeam+JSON",
  ])("takes %j for JSON", async (type) => {
    const result = success('{"id":"8","status":"Success"}', { "content-type": type });
    await expect(unwrap(operation, Promise.resolve(result), sessionShape)).resolves.toEqual({
      id: "8",
      status: "Success",
    });
  });

  it("parses a body that has no content type", async () => {
    const result = success('{"id":"8","status":"Running"}');
    expect(result.response.headers.get("content-type")).toBeNull();
    await expect(unwrap(operation, Promise.resolve(result), sessionShape)).resolves.toEqual({
      id: "8",
      status: "Running",
    });
  });

  it("makes an error status an ApiError naming the path requested and the operation's template", async () => {
    const error = await rejection({
      error: { title: "Not Found", detail: "No session 8.", traceId: "t-1" },
      response: respond(404),
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("GET /api/v1/jobSessions/8: 404 Not Found - No session 8. (trace t-1)");
    expect(error).toMatchObject({
      method: "GET",
      path: "/api/v1/jobSessions/8",
      pathTemplate: "/api/v1/jobSessions/{id}",
      url,
      status: 404,
      body: { title: "Not Found", detail: "No session 8.", traceId: "t-1" },
      requestId: "t-1",
    });
  });

  it("names the operation's template for a response without a URL, such as one a middleware made", async () => {
    const error = await rejection({ error: "down", response: respond(503, {}, "") });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ path: "/api/v1/jobSessions/{id}", url: "" });
    expect(error.message).toBe("GET /api/v1/jobSessions/{id}: 503 - down");
  });

  it("refuses a success that is not JSON, quoting its start with the whitespace collapsed", async () => {
    const head = "<html>\n  <head>\t<title>Sign in</title></head>\r\n";
    const page = `${head}${"x".repeat(300)}</html>`;
    const error = await rejection(success(page, { "content-type": "text/html; charset=utf-8" }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    // The first 200 characters, then each run of whitespace made one space.
    const quoted = `<html> <head> <title>Sign in</title></head> ${"x".repeat(200 - head.length)}`;
    expect(error.message).toBe(
      `GET /api/v1/jobSessions/8: 200 with text/html; charset=utf-8 instead of JSON (a proxy or login page?): ${quoted}`,
    );
  });

  it("refuses a text body even when the text is JSON", async () => {
    const error = await rejection(success('{"id":"8","status":"Success"}', { "content-type": "text/plain" }));
    expect(error.message).toBe(
      'GET /api/v1/jobSessions/8: 200 with text/plain instead of JSON (a proxy or login page?): {"id":"8","status":"Success"}',
    );
  });

  it.each([
    ["no body", undefined, {}],
    ["an empty body", "", json],
    ["an empty body of another type", "", { "content-type": "text/html" }],
  ])("refuses a success with %s where JSON was due", async (_, data, headers) => {
    const error = await rejection(success(data, headers));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe("GET /api/v1/jobSessions/8: 200 with an empty body where JSON was due");
  });

  it("refuses malformed JSON, with the parser's error as the cause", async () => {
    const error = await rejection(success('{"id": "8", "status": ', json));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).toBe(
      `GET /api/v1/jobSessions/8: the response is not valid JSON (${(error.cause as Error).message})`,
    );
  });

  describe("for an operation whose answers hold secrets", () => {
    const secret = { method: "POST", pathTemplate: "/api/oauth2/token", secret: true };
    const tokenUrl = "https://appliance.test/api/oauth2/token";
    const refusal = (data: string, headers: Record<string, string>) => {
      const response = new Response(null, { status: 200, headers });
      Object.defineProperty(response, "url", { value: tokenUrl });
      return unwrap(secret, Promise.resolve({ data, response }), sessionShape).then(
        () => expect.unreachable("unwrap resolved"),
        (error: unknown) => error as Error,
      );
    };

    it("refuses a success that is not JSON without quoting it", async () => {
      const error = await refusal('<html>{"access_token":"access-1"}</html>', {
        "content-type": "text/html",
      });
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toBe(
        "POST /api/oauth2/token: 200 with text/html instead of JSON (a proxy or login page?)",
      );
    });

    it("refuses malformed JSON without the parser's error, which quotes the text, in the message or as cause", async () => {
      const error = await refusal('{"access_token": "access-1", ', json);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toBe("POST /api/oauth2/token: the response is not valid JSON");
      expect(error.cause).toBeUndefined();
    });
  });

  it.each([
    ["an object without the fields", '{"hello":"world"}'],
    ["null", "null"],
    ["a list", '[{"id":"8","status":"Success"}]'],
  ])("refuses %s, which is not of the shape", async (_, data) => {
    const error = await rejection(success(data, json));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe(
      "GET /api/v1/jobSessions/8: the response is not a job session (no id or status)",
    );
  });

  it("passes on what the pipeline threw", async () => {
    const thrown = new Error("aborted");
    await expect(unwrap(operation, Promise.reject(thrown), sessionShape)).rejects.toBe(thrown);
  });
});

describe("unwrapOrNoContent", () => {
  const orNoContent = (result: TextResult) =>
    unwrapOrNoContent(operation, Promise.resolve(result), sessionShape);

  it("resolves with null for a 204", async () => {
    await expect(orNoContent({ data: "", response: respond(204) })).resolves.toBeNull();
    await expect(orNoContent({ data: undefined, response: respond(204, json) })).resolves.toBeNull();
  });

  it("returns the parsed body of a 202 or 200 of the shape", async () => {
    for (const status of [200, 202]) {
      const result = { data: '{"id":"8","status":"Running"}', response: respond(status, json) };
      await expect(orNoContent(result)).resolves.toEqual({ id: "8", status: "Running" });
    }
  });

  it("refuses any other success with an empty body, as unwrap does", async () => {
    for (const status of [200, 202, 205]) {
      const error = await orNoContent({ data: "", response: respond(status, json) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toBe(
        `GET /api/v1/jobSessions/8: ${status} with an empty body where JSON was due`,
      );
    }
  });

  it("refuses a 202 that is not of the shape", async () => {
    await expect(orNoContent({ data: '{"ok":true}', response: respond(202, json) })).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });

  it("makes an error status an ApiError", async () => {
    const error = await orNoContent({
      error: { title: "Not Found", traceId: "t-2" },
      response: respond(404),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, traceId: "t-2" });
  });

  it("passes on what the pipeline threw", async () => {
    const thrown = new Error("aborted");
    await expect(unwrapOrNoContent(operation, Promise.reject(thrown), sessionShape)).rejects.toBe(thrown);
  });
});
