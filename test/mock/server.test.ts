// Server mode over a stand-in appliance: how node:http requests reach `handle` and its Responses reach the client
// (status, headers, streamed bodies), the connection faults a real socket makes possible (a reset mid-body, a
// hang until the client gives up), close() with connections open, and where and how it listens.
import { createServer } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NetworkError } from "../../src/core/errors.js";
import { createClient } from "../../src/index.js";
import { PortInUseError } from "../../src/mock/portInUseError.js";
import { type MockServer, serveMockAppliance } from "../../src/mock/server.js";
import { deferred } from "../helpers/deferred.js";
import { fakeAppliance } from "../helpers/fakeAppliance.js";

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handle: (request: Request) => Promise<Response>) {
  const appliance = fakeAppliance(handle);
  server = await serveMockAppliance(appliance, { port: 0 });
  return { appliance, server };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe("serveMockAppliance: requests and answers", () => {
  it("hands handle the request's method, URL, headers and body, and writes its status, status text, headers and body", async () => {
    const seen: { method: string; url: string; headers: Headers; body: string }[] = [];
    const { server } = await serve(async (request) => {
      seen.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: await request.text(),
      });
      return new Response('{"id":"8"}', {
        status: 201,
        statusText: "Made",
        headers: [
          ["content-type", "application/json"],
          ["set-cookie", "a=1"],
          ["set-cookie", "b=2"],
          ["x-request-id", "r-1"],
        ],
      });
    });
    const answer = await fetch(`${server.url}/api/v8.1/things?Offset=2&Limit=3`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json", "x-many": "a, b" },
      body: '{"vmIds":["vm-1"]}',
    });
    expect(answer.status).toBe(201);
    expect(answer.statusText).toBe("Made");
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-request-id")).toBe("r-1");
    expect(answer.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await answer.text()).toBe('{"id":"8"}');

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`${server.url}/api/v8.1/things?Offset=2&Limit=3`);
    expect(request?.headers.get("authorization")).toBe("Bearer t");
    expect(request?.headers.get("x-many")).toBe("a, b");
    expect(request?.headers.get("connection")).toBeNull(); // hop-by-hop: the connection's, not the request's
    expect(request?.body).toBe('{"vmIds":["vm-1"]}');
  });

  it("gives a GET no body, and answers a body-less Response with an empty one", async () => {
    const bodies: (ReadableStream | null)[] = [];
    const { server } = await serve(async (request) => {
      bodies.push(request.body);
      return new Response(null, { status: 204 });
    });
    const answer = await fetch(`${server.url}/api/v8.1/system/about`);
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe("");
    expect(bodies).toEqual([null]);
  });

  it("streams the body: the client reads the first chunk while the handler still holds the rest", async () => {
    const rest = deferred<void>();
    const { server } = await serve(async () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('{"results":['));
          await rest.promise;
          controller.enqueue(encoder.encode("]}"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    });
    const answer = await fetch(`${server.url}/api/v8.1/restorePoints/virtualMachines/snapshots`);
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('{"results":[');
    rest.resolve();
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += decoder.decode(chunk.value);
    expect(text).toBe("]}");
  });

  it("answers a handler that fails with a 500 problem naming the request and the failure", async () => {
    const { server } = await serve(async () => {
      throw new Error("inventory exploded");
    });
    const answer = await fetch(`${server.url}/api/v8.1/jobSessions/8`);
    expect(answer.status).toBe(500);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(await answer.json()).toEqual({
      title: "Internal Server Error",
      status: 500,
      detail: "the mock appliance failed to answer GET /api/v8.1/jobSessions/8: inventory exploded",
    });
  });

  it("answers /_mock/ paths from the control routes, never from handle", async () => {
    const handle = vi.fn(async () => new Response("appliance"));
    const { server, appliance } = await serve(handle);
    const answer = await fetch(`${server.url}/_mock/clock/advance`, { method: "POST", body: '{"ms":1500}' });
    expect(await answer.json()).toEqual({ now: "2026-01-01T00:00:01.500Z" });
    expect(appliance.control.advance).toHaveBeenCalledWith(1500);
    expect(handle).not.toHaveBeenCalled();
    expect(server.control).toBe(appliance.control);
  });
});

describe("serveMockAppliance: connection faults", () => {
  it("breaks the connection when the body errors part-way: the client sees a NetworkError", async () => {
    const { server } = await serve(async () => {
      // As the appliance's reset fault: the first part, then an error at the next pull.
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error("reset"));
          else controller.enqueue(encoder.encode('{"id":"8","status":'));
          sent = true;
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    });
    // The status, headers and first part arrive; then the body breaks off.
    const answer = await fetch(`${server.url}/api/v8.1/jobSessions/8`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    expect(decoder.decode((await reader.read()).value)).toBe('{"id":"8","status":');
    await expect(reader.read()).rejects.toThrow(TypeError);

    const client = createClient({ baseUrl: server.url, token: "t", retry: false });
    const error = await client.getJobSession("8").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(
      /^GET \/api\/v8\.1\/jobSessions\/8: no response from http:\/\/127\.0\.0\.1:\d+ - /,
    );
  });

  it("holds a request that handle never answers until the client aborts, then aborts handle's signal", async () => {
    const arrived = deferred<Request>();
    const { server } = await serve(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
          arrived.resolve(request);
        }),
    );
    const controller = new AbortController();
    const answer = fetch(`${server.url}/api/v8.1/jobSessions/8`, { signal: controller.signal });
    const request = await arrived.promise;
    expect(request.signal.aborted).toBe(false);
    controller.abort();
    await expect(answer).rejects.toMatchObject({ name: "AbortError" });
    await vi.waitFor(() => expect(request.signal.aborted).toBe(true));
  });
});

describe("serveMockAppliance: listening and closing", () => {
  it("binds 127.0.0.1 by default, on the free port it picked for port 0", async () => {
    const { server } = await serve(async () => new Response("ok"));
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(await (await fetch(server.url)).text()).toBe("ok");
  });

  it("close() drops open connections, a hung request's included, and stops listening; a second close is harmless", async () => {
    const arrived = deferred<Request>();
    const { server } = await serve(async (request) => {
      if (new URL(request.url).pathname === "/hang") {
        arrived.resolve(request);
        return new Promise<Response>((_resolve, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason)),
        );
      }
      return new Response("ok");
    });
    expect(await (await fetch(`${server.url}/idle`)).text()).toBe("ok"); // leaves a kept-alive connection
    const hung = fetch(`${server.url}/hang`);
    hung.catch(() => {});
    const request = await arrived.promise;
    await server.close();
    await expect(hung).rejects.toThrow(TypeError);
    expect(request.signal.aborted).toBe(true);
    await expect(fetch(`${server.url}/idle`)).rejects.toThrow(TypeError);
    await server.close();
  });

  it("refuses a port in use with one PortInUseError naming the port and the interface", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const error = await serveMockAppliance(
        fakeAppliance(async () => new Response("")),
        { port },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect(error).toMatchObject({
        code: "EADDRINUSE",
        port,
        host: "127.0.0.1",
        message: `port ${port} on 127.0.0.1 is in use: pick another port, or 0 for any free one`,
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([-1, 65_536, 1.5, Number.NaN])("refuses port %s before listening", async (port) => {
    await expect(
      serveMockAppliance(
        fakeAppliance(async () => new Response("")),
        { port },
      ),
    ).rejects.toThrow(new RangeError(`port must be an integer from 0 to 65535, got ${port}`));
  });

  it("refuses an empty host", async () => {
    await expect(
      serveMockAppliance(
        fakeAppliance(async () => new Response("")),
        { port: 0, host: " " },
      ),
    ).rejects.toThrow(TypeError);
  });
});
