// The light request the client has openapi-fetch build (its `Request` option): what it keeps of the init, how it
// reads its body, that a real Request counts as one, and that the pipeline's entry reads either kind.
import { describe, expect, it, vi } from "vitest";
import { OutgoingRequest } from "../../src/core/outgoingRequest.js";
import { type PipelineRequest, pipelineFetch } from "../../src/core/pipeline.js";
import { createClient } from "../../src/v1/index.js";

const url = "https://h/api/oauth2/token";

describe("OutgoingRequest", () => {
  it("keeps the URL, the method (upper case), the headers, the body, the signal and the redirect mode", () => {
    const signal = new AbortController().signal;
    const request = new OutgoingRequest(url, {
      method: "post",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=Password",
      signal,
      redirect: "manual",
    });
    expect(request).toMatchObject({
      url,
      method: "POST",
      body: "grant_type=Password",
      signal,
      redirect: "manual",
    });
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
  });

  it("defaults to a GET with no body, no signal, following redirects", () => {
    const request = new OutgoingRequest(new URL("https://h/api/v1/jobSessions/8"));
    expect(request).toMatchObject({ url: "https://h/api/v1/jobSessions/8", method: "GET", body: null });
    expect(request.signal).toBeNull();
    expect(request.redirect).toBe("follow");
  });

  it("reads its body as text, JSON and bytes, as often as asked", async () => {
    const request = new OutgoingRequest(url, { method: "POST", body: '{"a":1}' });
    expect(await request.text()).toBe('{"a":1}');
    expect(await request.json()).toEqual({ a: 1 });
    expect(new TextDecoder().decode(await request.arrayBuffer())).toBe('{"a":1}');
  });

  it("clones with headers of its own", () => {
    const request = new OutgoingRequest(url, { method: "POST", headers: { a: "1" }, body: "x" });
    const copy = request.clone();
    copy.headers.set("a", "2");
    expect(copy).toMatchObject({ url, method: "POST", body: "x" });
    expect(request.headers.get("a")).toBe("1");
  });

  it("counts itself and a real Request as instances, and nothing else", () => {
    expect(new OutgoingRequest(url)).toBeInstanceOf(OutgoingRequest);
    expect(new Request(url)).toBeInstanceOf(OutgoingRequest);
    for (const other of [{ url, method: "GET" }, null, undefined, "https://h", 42, new Response()]) {
      expect(other instanceof OutgoingRequest).toBe(false);
    }
  });
});

describe("pipelineFetch with an OutgoingRequest", () => {
  const entered = () => {
    const seen: PipelineRequest[] = [];
    const fetch = pipelineFetch(async (request) => {
      seen.push(request);
      return new Response("ok");
    });
    return { fetch, seen };
  };

  it("hands on a GET without reading a body", async () => {
    const { fetch, seen } = entered();
    const request = new OutgoingRequest("https://h/api/v1/jobSessions/8", { headers: { a: "1" } });
    await fetch(request);
    expect(seen[0]).toMatchObject({ url: request.url, method: "GET", body: null, signal: null });
    expect(seen[0]?.headers).toBe(request.headers);
  });

  it("reads a serialized body into bytes, keeping the media type that was set", async () => {
    const { fetch, seen } = entered();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    await fetch(
      new OutgoingRequest(url, { method: "POST", headers, body: "grant_type=Password&username=u" }),
    );
    expect(new TextDecoder().decode(seen[0]?.body ?? new ArrayBuffer(0))).toBe(
      "grant_type=Password&username=u",
    );
    expect(seen[0]?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
  });

  it("reads a real Request's body stream too, adding no media type where it had none", async () => {
    const { fetch, seen } = entered();
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("raw"));
        controller.close();
      },
    });
    await fetch(new Request(url, { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(new TextDecoder().decode(seen[0]?.body ?? new ArrayBuffer(0))).toBe("raw");
    expect(seen[0]?.headers.has("content-type")).toBe(false);
  });

  it("gives a body the media type fetch would have given it when none was set", async () => {
    const { fetch, seen } = entered();
    await fetch(
      new OutgoingRequest(url, { method: "POST", body: new URLSearchParams({ grant_type: "Password" }) }),
    );
    expect(seen[0]?.headers.get("content-type")).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(new TextDecoder().decode(seen[0]?.body ?? new ArrayBuffer(0))).toBe("grant_type=Password");
  });
});

describe("client.api's middleware", () => {
  it("may change the request's headers, or return a real Request in its place", async () => {
    const sent: Request[] = [];
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      sent.push(new Request(url, init));
      return Response.json({ id: "8", type: "SnapshotDeletion", status: "Success" });
    });
    const client = createClient({ baseUrl: "https://h", token: "t", fetch });
    client.api.use({
      onRequest: ({ request }) =>
        request.url.endsWith("/9")
          ? new Request(request.url.replace(/9$/, "8"), { headers: request.headers })
          : request,
    });
    client.api.use({
      onRequest: ({ request }) => {
        request.headers.set("x-trace", "t-1");
        return request;
      },
    });
    await expect(client.getJobSession("8")).resolves.toMatchObject({ id: "8" });
    await expect(client.getJobSession("9")).resolves.toMatchObject({ id: "8" });
    expect(
      sent.map((r) => [new URL(r.url).pathname, r.headers.get("x-trace"), r.headers.get("authorization")]),
    ).toEqual([
      ["/api/v1/jobSessions/8", "t-1", "Bearer t"],
      ["/api/v1/jobSessions/8", "t-1", "Bearer t"],
    ]);
  });
});
