// The body policy: an attempt ends only when the whole body has arrived, so that the timeout covers the body
// and a reset or a stall mid-body is that attempt's failure (which the retry policy can judge). What it hands on
// is a BufferedResponse: a Response that holds the bytes and the text it decoded, so that reading it with
// `text()` or `json()` costs no second pass over the bytes.
import { networkError } from "../networkError.js";
import type { PipelinePolicy } from "../pipeline.js";

// Never used with { stream: true }: in Node.js 20 that, once, moves a decoder to a path ten times slower.
const decoder = new TextDecoder();

/**
 * A response whose body has been read whole, made without a body stream of its own (a web stream costs more to
 * make than the rest of the response, `npm run bench`): `text()` and `json()` answer from the decoded text,
 * `bytes()`, `arrayBuffer()`, `blob()` and `formData()` from the bytes, and `body` makes a stream of them when
 * asked for. Read once, like any Response; the text and bytes are then let go, so a response someone keeps does
 * not keep its body. (Response's own methods called on it, `Response.prototype.text.call(...)`, see no body.)
 *
 * @example
 * ```ts
 * const response = await bufferPolicy(request, next); // a BufferedResponse
 * const page = await response.json();
 * ```
 */
export class BufferedResponse extends Response {
  #bytes: Uint8Array<ArrayBuffer> | null;
  #text: string;
  readonly #url: string;
  #used = false;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;

  /**
   * @param bytes - The body as received, or null for a status that has none (204, 304, ...).
   * @param text - `bytes` decoded as UTF-8.
   * @param from - The response it was read from: its status, status text and headers are kept.
   * @param url - The URL requested.
   */
  constructor(bytes: Uint8Array<ArrayBuffer> | null, text: string, from: Response, url: string) {
    super(null, { status: from.status, statusText: from.statusText, headers: from.headers });
    this.#bytes = bytes;
    this.#text = text;
    this.#url = url;
  }

  /** The URL that was requested. @example "https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8" */
  override get url(): string {
    return this.#url;
  }

  /**
   * The body as a stream of its bytes, made when first asked for (null for a status that has none); reading it
   * uses the body up, as for any Response.
   */
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#stream === undefined) {
      const bytes = this.#used ? new Uint8Array(0) : this.#bytes;
      // Pulled only when read (no high-water mark), so that asking for `body` does not use the body up.
      this.#stream =
        bytes &&
        new ReadableStream<Uint8Array<ArrayBuffer>>(
          {
            pull: (controller) => {
              const taken = this.#used ? new Uint8Array(0) : this.#take(true).bytes;
              if (taken.byteLength > 0) controller.enqueue(taken);
              controller.close();
            },
          },
          { highWaterMark: 0 },
        );
    }
    return this.#stream;
  }

  /** Whether the body has been read. */
  override get bodyUsed(): boolean {
    return this.#used;
  }

  // The body, once: a second read fails as it does for any Response, and so does a read while a reader holds
  // the stream (except the stream's own).
  #take(byStream = false): { bytes: Uint8Array<ArrayBuffer>; text: string } {
    if (this.#used || (!byStream && this.#stream?.locked)) {
      throw new TypeError("Body is unusable: Body has already been read");
    }
    this.#used = true;
    const taken = { bytes: this.#bytes ?? new Uint8Array(0), text: this.#text };
    this.#bytes = null;
    this.#text = "";
    return taken;
  }

  #read<T>(use: (body: { bytes: Uint8Array<ArrayBuffer>; text: string }) => T): Promise<T> {
    try {
      return Promise.resolve(use(this.#take()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  override text(): Promise<string> {
    return this.#read(({ text }) => text);
  }

  override json(): Promise<unknown> {
    return this.#read(({ text }) => JSON.parse(text));
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#read(({ bytes }) => bytes.slice());
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read(({ bytes }) => bytes.slice().buffer);
  }

  override blob(): Promise<Blob> {
    const type = this.headers.get("content-type") ?? "";
    return this.#read(({ bytes }) => new Blob([bytes], { type })); // a Blob copies the bytes it is made of
  }

  override formData(): Promise<FormData> {
    const headers = this.headers;
    // A Response copies the bytes it is made of.
    return this.#read(({ bytes }) => new Response(bytes, { headers })).then((copy) => copy.formData());
  }

  override clone(): BufferedResponse {
    if (this.#used || this.#stream?.locked)
      throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#bytes, this.#text, this, this.#url);
  }
}

/**
 * Reads the body of every response to its end and hands on a {@link BufferedResponse}. A failure mid-body is a
 * NetworkError (or, when the attempt's signal aborted, the abort's reason, for the timeout policy to report).
 *
 * @example
 * ```ts
 * const send = composePipeline([timeoutPolicy(30_000), bufferPolicy], fetchTransport(globalThis.fetch));
 * ```
 */
export const bufferPolicy: PipelinePolicy = async (request, next) => {
  const response = await next(request);
  // A browser's answer to a redirect not followed (status 0, no body) is no Response one can make: it goes on as
  // it is, for the redirect policy to refuse.
  if (response.type === "opaqueredirect") return response;
  // The chunks are read directly and joined only when there are several (a small body comes in one):
  // arrayBuffer() copies them twice more and costs a round of promises (`npm run bench`).
  const reader = response.body?.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let length = 0;
  try {
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      chunks.push(read.value);
      length += read.value.byteLength;
    }
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw networkError(request, error);
  }
  let bytes = chunks[0] ?? (reader ? new Uint8Array(0) : null);
  if (chunks.length > 1) {
    const joined = new Uint8Array(length);
    length = 0;
    for (const chunk of chunks) {
      joined.set(chunk, length);
      length += chunk.byteLength;
    }
    bytes = joined;
  }
  return new BufferedResponse(bytes, bytes ? decoder.decode(bytes) : "", response, request.url);
};
