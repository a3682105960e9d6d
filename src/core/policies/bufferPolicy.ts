// The body policy: an attempt ends only when the whole body has arrived, so that the timeout covers the body
// and a reset or a stall mid-body is that attempt's failure (which the retry policy can judge). What it hands on
// is a BufferedResponse: a plain Response that also holds the text it decoded, so that reading it with `text()`
// or `json()` costs no second pass over the bytes.
import { networkError } from "../networkError.js";
import type { PipelinePolicy } from "../pipeline.js";

// Never used with { stream: true }: in Node.js 20 that, once, moves a decoder to a path ten times slower.
const decoder = new TextDecoder();

/**
 * A response whose body has been read whole: `text()` and `json()` answer from the decoded text (once; the text
 * is then let go, so a response someone keeps does not keep its body); `body` still serves the same bytes.
 *
 * @example
 * ```ts
 * const response = await bufferPolicy(request, next); // a BufferedResponse
 * const page = await response.json();
 * ```
 */
export class BufferedResponse extends Response {
  #text: string | undefined;
  readonly #url: string;

  /**
   * @param bytes - The body as received, or null for a status that has none (204, 304, ...).
   * @param text - `bytes` decoded as UTF-8.
   */
  constructor(bytes: Uint8Array | null, text: string, from: Response, url: string) {
    // The bytes through a stream of their own rather than as a BodyInit, which a Response would copy.
    super(
      bytes &&
        new ReadableStream<Uint8Array>({
          start(controller) {
            if (bytes.byteLength > 0) controller.enqueue(bytes);
            controller.close();
          },
        }),
      { status: from.status, statusText: from.statusText, headers: from.headers },
    );
    this.#text = text;
    this.#url = url;
  }

  /** The URL that was requested. @example "https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8" */
  override get url(): string {
    return this.#url;
  }

  override text(): Promise<string> {
    const text = this.#text;
    if (text === undefined || this.bodyUsed) return super.text();
    this.#text = undefined;
    return Promise.resolve(text);
  }

  override json(): Promise<unknown> {
    const text = this.#text;
    if (text === undefined || this.bodyUsed) return super.json();
    this.#text = undefined;
    try {
      return Promise.resolve(JSON.parse(text));
    } catch (error) {
      return Promise.reject(error);
    }
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
  // The chunks are read directly and joined only when there are several (a small body comes in one):
  // arrayBuffer() copies them twice more and costs a round of promises (`npm run bench`).
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
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
