// The transport at the end of the pipeline, with in-memory fetch implementations: how it calls fetch, the
// Response it hands on (a foreign one normalised), and the NetworkError for a fetch that got no answer.
import { describe, expect, it, vi } from "vitest";
import { NetworkError } from "../../src/core/errors.js";
import { type Fetch, fetchTransport } from "../../src/core/fetchTransport.js";
import type { PipelineRequest } from "../../src/core/pipeline.js";

const request = (extra: Partial<PipelineRequest> = {}): PipelineRequest => ({
  url: "https://abc.example:8443/api/v1/jobSessions/8?offset=2",
  method: "GET",
  headers: new Headers({ authorization: "Bearer t" }),
  body: null,
  signal: null,
  ...extra,
});

/** What undici's fetch rejects with: a TypeError wrapping the system error. */
const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });
const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });

const rejecting =
  (error: unknown): Fetch =>
  () =>
    Promise.reject(error);

async function failureOf(fetch: Fetch, req: PipelineRequest = request()): Promise<unknown> {
  return fetchTransport(fetch)(req).then(
    () => expect.fail("the transport resolved"),
    (error: unknown) => error,
  );
}

describe("fetchTransport: the call", () => {
  it("calls fetch with the URL and the request's method, headers, body and signal, never following a redirect", async () => {
    const fetch = vi.fn<Fetch>(async () => new Response("ok"));
    const body = new TextEncoder().encode("grant_type=Password").buffer;
    const controller = new AbortController();
    const req = request({ method: "POST", body, signal: controller.signal });
    await fetchTransport(fetch)(req);
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch).toHaveBeenCalledWith("https://abc.example:8443/api/v1/jobSessions/8?offset=2", {
      method: "POST",
      headers: req.headers,
      body,
      signal: controller.signal,
      redirect: "manual",
    });
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.headers).toBe(req.headers);
    expect(init?.body).toBe(body);
    expect(init?.signal).toBe(controller.signal);
  });

  it("passes a global Response on as the same object", async () => {
    const answer = new Response("ok", { status: 201 });
    await expect(fetchTransport(async () => answer)(request())).resolves.toBe(answer);
  });
});

describe("fetchTransport: a Response of another implementation", () => {
  // Like the npm undici package's Response: the same standard, but not `instanceof` the global Response.
  const foreign = (status: number, statusText: string, headers: [string, string][], body: string | null) => ({
    status,
    statusText,
    headers: new Headers(headers),
    body: body === null ? null : new Response(body).body,
    ok: status < 300,
  });

  it("becomes a global Response with the same status, status text, headers and body", async () => {
    const other = foreign(
      503,
      "Service Unavailable",
      [
        ["content-type", "application/problem+json"],
        ["retry-after", "20"],
      ],
      '{"title":"Service Unavailable"}',
    );
    expect(other).not.toBeInstanceOf(Response);
    const response = await fetchTransport(async () => other as unknown as Response)(request());
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(503);
    expect(response.statusText).toBe("Service Unavailable");
    expect([...response.headers]).toEqual([
      ["content-type", "application/problem+json"],
      ["retry-after", "20"],
    ]);
    expect(await response.text()).toBe('{"title":"Service Unavailable"}');
  });

  it("keeps the body's bytes exactly", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 0xe2, 0x82]);
    const other = { status: 200, statusText: "OK", headers: new Headers(), body: new Response(bytes).body };
    const response = await fetchTransport(async () => other as unknown as Response)(request());
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it("keeps a body-less status (204) without a body", async () => {
    const other = foreign(204, "No Content", [], null);
    const response = await fetchTransport(async () => other as unknown as Response)(request());
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(204);
    expect(response.statusText).toBe("No Content");
    expect(response.body).toBeNull();
  });
});

describe("fetchTransport: no response", () => {
  it("reports a refused connection as a NetworkError naming the request, the origin and the cause", async () => {
    const cause = systemError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:8443");
    const error = fetchFailed(cause);
    const failure = await failureOf(rejecting(error));
    expect(failure).toBeInstanceOf(NetworkError);
    expect(failure).toMatchObject({
      name: "NetworkError",
      message:
        "GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - connect ECONNREFUSED 10.0.0.1:8443",
      code: "ECONNREFUSED",
    });
    expect((failure as Error).cause).toBe(error);
  });

  it("names the method of the request", async () => {
    const failure = await failureOf(
      rejecting(fetchFailed(systemError("ECONNRESET", "socket hang up"))),
      request({ method: "POST", url: "https://h/api/v1/virtualMachines/vm/deleteSnapshots" }),
    );
    expect(failure).toMatchObject({
      message: "POST /api/v1/virtualMachines/vm/deleteSnapshots: no response from https://h - socket hang up",
      code: "ECONNRESET",
    });
  });

  it.each([
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate"],
  ])("says to pass the certificate as `ca` for %s", async (code, message) => {
    const failure = await failureOf(rejecting(fetchFailed(systemError(code, message))), request());
    expect(failure).toMatchObject({
      code,
      message: `GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - ${message}; pass the appliance's certificate (PEM) as the \`ca\` option (CLI: --ca-file)`,
    });
  });

  it("says the certificate is for another host name for ERR_TLS_CERT_ALTNAME_INVALID", async () => {
    const message = "Hostname/IP does not match certificate's altnames";
    const failure = await failureOf(
      rejecting(fetchFailed(systemError("ERR_TLS_CERT_ALTNAME_INVALID", message))),
    );
    expect(failure).toMatchObject({
      code: "ERR_TLS_CERT_ALTNAME_INVALID",
      message: `GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - ${message}; the certificate is issued for another host name`,
    });
  });

  it("gives no hint for a code that is not a certificate's", async () => {
    const failure = await failureOf(
      rejecting(fetchFailed(systemError("ENOTFOUND", "getaddrinfo ENOTFOUND h"))),
    );
    expect((failure as Error).message).toBe(
      "GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - getaddrinfo ENOTFOUND h",
    );
  });

  it("takes the message from the error itself when it has no cause, with no code and no hint", async () => {
    const error = new TypeError("Failed to fetch");
    const failure = await failureOf(rejecting(error));
    expect(failure).toBeInstanceOf(NetworkError);
    expect(failure).toMatchObject({
      message: "GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - Failed to fetch",
      code: undefined,
    });
    expect((failure as Error).cause).toBe(error);
  });

  it("takes the message from the error itself when the cause's message is empty or not a string", async () => {
    for (const cause of [{ code: "ECONNRESET", message: "" }, { code: "ECONNRESET", message: 42 }, {}]) {
      const failure = await failureOf(rejecting(fetchFailed(cause)));
      expect((failure as Error).message).toBe(
        "GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - fetch failed",
      );
    }
  });

  it("ignores a code that is not a string", async () => {
    const failure = await failureOf(rejecting(fetchFailed({ code: 111, message: "refused" })));
    expect(failure).toMatchObject({
      code: undefined,
      message: "GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - refused",
    });
  });

  it("describes a rejection that is not an Error at all", async () => {
    const prefix = "GET /api/v1/jobSessions/8: no response from https://abc.example:8443 - ";
    await expect(failureOf(rejecting("boom"))).resolves.toMatchObject({ message: `${prefix}boom` });
    await expect(failureOf(rejecting(undefined))).resolves.toMatchObject({ message: `${prefix}undefined` });
    await expect(failureOf(rejecting(null))).resolves.toMatchObject({ message: `${prefix}null` });
  });

  it("rethrows the error as is when the request's signal has aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException("This operation was aborted", "AbortError");
    const failure = await failureOf(rejecting(abort), request({ signal: controller.signal }));
    expect(failure).toBe(abort);
  });

  it("reports a failure as a NetworkError when the request has a signal that has not aborted", async () => {
    const controller = new AbortController();
    const failure = await failureOf(
      rejecting(fetchFailed(systemError("ECONNREFUSED", "refused"))),
      request({ signal: controller.signal }),
    );
    expect(failure).toBeInstanceOf(NetworkError);
  });
});
