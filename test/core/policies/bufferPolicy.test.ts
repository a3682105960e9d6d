// The body policy with in-memory streams: the whole body read before the attempt ends, the BufferedResponse it
// hands on (its text decoded once, its body still readable), and a failure mid-body.
import { describe, expect, it } from "vitest";
import { NetworkError } from "../../../src/core/errors.js";
import type { PipelineRequest } from "../../../src/core/pipeline.js";
import { BufferedResponse, bufferPolicy } from "../../../src/core/policies/bufferPolicy.js";

const encode = (text: string) => new TextEncoder().encode(text);

const request = (extra: Partial<PipelineRequest> = {}): PipelineRequest => ({
  url: "https://h/api/v1/jobSessions/8",
  method: "GET",
  headers: new Headers(),
  body: null,
  signal: null,
  ...extra,
});

/** A body that arrives in `chunks`, then ends. */
const streamOf = (...chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

/** A body that delivers `chunks`, then fails with `error`. */
const failingAfter = (error: unknown, ...chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
    },
    pull(controller) {
      controller.error(error);
    },
  });

const buffered = (response: Response, req: PipelineRequest = request()) =>
  bufferPolicy(req, async () => response);

/** Every chunk `body` delivers, as it delivers them. */
async function chunksOf(body: ReadableStream<Uint8Array> | null): Promise<number[][]> {
  const reader = body?.getReader();
  const chunks: number[][] = [];
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    chunks.push([...read.value]);
  }
  return chunks;
}

describe("bufferPolicy: the body", () => {
  it("joins a body that arrives in several chunks, in order", async () => {
    const response = await buffered(
      new Response(streamOf(encode('{"id":'), encode('"8",'), encode('"a":1}'))),
    );
    expect(response).toBeInstanceOf(BufferedResponse);
    expect(await response.text()).toBe('{"id":"8","a":1}');
  });

  it("serves the joined bytes through its body too, in one piece", async () => {
    const response = await buffered(new Response(streamOf(encode("ab"), encode("c"), encode("de"))));
    expect(await chunksOf(response.body)).toEqual([[...encode("abcde")]]);
  });

  it("keeps a body that arrives in one chunk", async () => {
    const response = await buffered(new Response(streamOf(encode("[1,2,3]"))));
    expect(await response.json()).toEqual([1, 2, 3]);
  });

  it("keeps an empty body empty: a body with no bytes, and text ''", async () => {
    const response = await buffered(new Response(streamOf()));
    expect(response.body).not.toBeNull();
    expect(await chunksOf(response.body)).toEqual([]);
    const again = await buffered(new Response(""));
    expect(await again.text()).toBe("");
  });

  it("keeps a 204's null body null, with text ''", async () => {
    const response = await buffered(new Response(null, { status: 204, statusText: "No Content" }));
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe("");
  });

  it("decodes a UTF-8 character split across two chunks", async () => {
    const bytes = encode("Ünïcødé €"); // the euro sign is three bytes: split it
    const cut = bytes.length - 2;
    const response = await buffered(new Response(streamOf(bytes.slice(0, cut), bytes.slice(cut))));
    expect(await response.text()).toBe("Ünïcødé €");
  });

  it("has read the whole body before it resolves", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls <= 3) controller.enqueue(encode(String(pulls)));
        else controller.close();
      },
    });
    const response = await buffered(new Response(body));
    expect(pulls).toBe(4);
    expect(await response.text()).toBe("123");
  });
});

describe("bufferPolicy: the response it hands on", () => {
  it("keeps the status, status text and headers", async () => {
    const from = new Response("{}", {
      status: 404,
      statusText: "Not Found",
      headers: { "content-type": "application/problem+json", "x-request-id": "r-1" },
    });
    const response = await buffered(from);
    expect(response.status).toBe(404);
    expect(response.statusText).toBe("Not Found");
    expect(response.ok).toBe(false);
    expect([...response.headers]).toEqual([
      ["content-type", "application/problem+json"],
      ["x-request-id", "r-1"],
    ]);
  });

  it("has the request's URL", async () => {
    const response = await buffered(
      new Response("x"),
      request({ url: "https://h/api/v1/jobSessions/9?x=1" }),
    );
    expect(response.url).toBe("https://h/api/v1/jobSessions/9?x=1");
  });

  it("answers text() with the decoded text, once, like any Response", async () => {
    const response = await buffered(new Response(streamOf(encode("hel"), encode("lo"))));
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe("hello");
    expect(response.bodyUsed).toBe(true);
    const again = response.text();
    expect(again).toBeInstanceOf(Promise);
    await expect(again).rejects.toThrow(new TypeError("Body is unusable: Body has already been read"));
  });

  it("answers json() with the parsed text, once", async () => {
    const response = await buffered(new Response(streamOf(encode('{"id":'), encode('"8"}'))));
    expect(await response.json()).toEqual({ id: "8" });
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it("refuses json() once text() has read the body, and the other readers too", async () => {
    const response = await buffered(new Response('{"a":[1]}'));
    expect(await response.text()).toBe('{"a":[1]}');
    await expect(response.json()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    await expect(response.blob()).rejects.toThrow(TypeError);
    await expect(response.formData()).rejects.toThrow(TypeError);
  });

  it("rejects json() for malformed JSON, without throwing", async () => {
    const response = await buffered(new Response('{"id": "8", "status": '));
    const reading = response.json();
    expect(reading).toBeInstanceOf(Promise);
    await expect(reading).rejects.toThrow(SyntaxError);
  });

  it("answers arrayBuffer() with exactly the body's bytes, even from a chunk that is a view of a larger buffer", async () => {
    const larger = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = new Uint8Array(larger.buffer, 2, 3);
    const response = await buffered(new Response(streamOf(view)));
    const body = await response.arrayBuffer();
    expect(body).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(body)]).toEqual([1, 2, 3]);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it("answers text() of a 204 with ''", async () => {
    const response = await buffered(new Response(null, { status: 204 }));
    expect(await response.text()).toBe("");
  });

  it("answers arrayBuffer() of a 204 with no bytes", async () => {
    const response = await buffered(new Response(null, { status: 204 }));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers blob() with the body's bytes and its content type", async () => {
    const typed = await buffered(new Response("{}", { headers: { "content-type": "application/json" } }));
    const blob = await typed.blob();
    expect(blob.type).toBe("application/json");
    expect(await blob.text()).toBe("{}");
    expect(typed.bodyUsed).toBe(true);
    const untyped = await buffered(new Response(streamOf(encode("ab"))));
    const plain = await untyped.blob();
    expect(plain.type).toBe("");
    expect(await plain.text()).toBe("ab");
  });

  it("answers formData() with the form the body holds", async () => {
    const response = await buffered(
      new Response("grant_type=Password&username=backupadmin", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    const form = await response.formData();
    expect([...form]).toEqual([
      ["grant_type", "Password"],
      ["username", "backupadmin"],
    ]);
    expect(response.bodyUsed).toBe(true);
  });

  it("hands out its body as one stream, the same on every access; reading it uses the body up", async () => {
    const response = await buffered(new Response("abc"));
    const body = response.body;
    expect(body).toBe(response.body);
    expect(response.bodyUsed).toBe(false); // looking at `body` is not reading it
    expect(await chunksOf(body)).toEqual([[...encode("abc")]]);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it("still reads as text after `body` was looked at but not read (openapi-fetch checks it, then reads)", async () => {
    const response = await buffered(new Response("abc"));
    expect(response.body).not.toBeNull();
    await new Promise((resolve) => setImmediate(resolve)); // a stream that filled itself would have done so now
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe("abc");
    expect(await chunksOf(response.body)).toEqual([]); // used up, as a Response's stream is
  });

  it("refuses to be read while a reader holds its stream", async () => {
    const response = await buffered(new Response("abc"));
    const reader = response.body?.getReader();
    await expect(response.text()).rejects.toThrow(TypeError);
    reader?.releaseLock();
  });

  it("serves bytes() from its bytes", async () => {
    const response = await buffered(new Response("abc"));
    expect([...(await response.bytes())]).toEqual([...encode("abc")]);
  });

  it("serves bytes() of their own, not a view of the larger buffer a chunk came in", async () => {
    const pooled = new Uint8Array([0, 0, ...encode("abc"), 9, 9]);
    const response = await buffered(new Response(streamOf(pooled.subarray(2, 5))));
    const bytes = await response.bytes();
    expect([...bytes]).toEqual([...encode("abc")]);
    expect(bytes.buffer.byteLength).toBe(3);
  });

  it("keeps a 204 unused when its (null) body is looked at", async () => {
    const response = await buffered(new Response(null, { status: 204 }));
    expect(response.body).toBeNull();
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe("");
  });

  it("has an empty body once it has been read", async () => {
    const response = await buffered(new Response("abc"));
    await response.text();
    expect(response.body).not.toBeNull();
    expect(await chunksOf(response.body)).toEqual([]);
  });

  it("clones into a response with the same status, headers, URL and body, each read on its own", async () => {
    const response = await buffered(
      new Response("[1]", { status: 202, statusText: "Accepted", headers: { "x-request-id": "r-2" } }),
      request({ url: "https://h/api/v1/jobSessions/10" }),
    );
    const copy = response.clone();
    expect(copy).toBeInstanceOf(BufferedResponse);
    expect(copy).not.toBe(response);
    expect(copy.status).toBe(202);
    expect(copy.statusText).toBe("Accepted");
    expect(copy.headers.get("x-request-id")).toBe("r-2");
    expect(copy.url).toBe("https://h/api/v1/jobSessions/10");
    expect(await copy.json()).toEqual([1]);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe("[1]");
  });

  it("refuses to clone once its body has been read, or while its stream is being read", () => {
    return Promise.all(
      [(r: Response) => r.text(), (r: Response) => r.body?.getReader()].map(async (use) => {
        const response = await buffered(new Response("x"));
        await use(response);
        expect(() => response.clone()).toThrow(
          new TypeError("Response.clone: Body has already been consumed."),
        );
      }),
    );
  });

  it("clones while its stream has only been looked at", async () => {
    const response = await buffered(new Response("x"));
    expect(response.body).not.toBeNull();
    expect(await response.clone().text()).toBe("x");
  });
});

describe("bufferPolicy: a body that fails", () => {
  it("turns a failure mid-body into a NetworkError naming the request", async () => {
    const reset = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const error = new TypeError("terminated", { cause: reset });
    const failure = await buffered(new Response(failingAfter(error, encode('{"id":')))).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(NetworkError);
    expect(failure).toMatchObject({
      message: "GET /api/v1/jobSessions/8: no response from https://h - other side closed",
      code: "UND_ERR_SOCKET",
    });
    expect((failure as Error).cause).toBe(error);
  });

  it("turns it into a NetworkError when the request's signal has not aborted", async () => {
    const signal = new AbortController().signal;
    const failure = await buffered(
      new Response(failingAfter(new TypeError("terminated"))),
      request({ signal }),
    )
      .then(() => "resolved")
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NetworkError);
  });

  it("rethrows the failure as is when the request's signal has aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("the attempt's time is up");
    controller.abort(reason);
    const failure = await buffered(
      new Response(failingAfter(reason, encode("{"))),
      request({ signal: controller.signal }),
    ).catch((e: unknown) => e);
    expect(failure).toBe(reason);
  });

  it("lets a failure of next pass as is", async () => {
    const failure = new Error("no answer");
    await expect(
      bufferPolicy(request(), async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe("bufferPolicy: a browser's opaque redirect", () => {
  it("passes it on as it is (status 0 makes no Response), for the redirect policy to refuse", async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    Object.defineProperty(opaque, "status", { value: 0 });
    expect(await buffered(opaque)).toBe(opaque);
  });
});
