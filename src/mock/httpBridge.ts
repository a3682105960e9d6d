// Between node:http and the fetch API, for serving a `(request: Request) => Promise<Response>` handler, such as
// the in-process mock appliance's, on a real port: an IncomingMessage becomes a Request whose signal aborts when
// the client goes away, and a Response is written back as it streams. A body stream that errors part-way (the
// appliance's `reset` fault) destroys the socket, so the client sees the connection break mid-body, as it would
// when a proxy or the appliance drops it.
import type { IncomingMessage, ServerResponse } from "node:http";

// Hop-by-hop headers (RFC 9110, section 7.6.1) describe the connection, not the message: Node sets its own on
// the answer, and a buffered request body has none of its framing left.
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * The `Request` for an incoming request: its method, URL (its Host header's origin when that parses, else
 * `origin`), headers and body (read in full first: a mock's bodies are small). Its signal aborts once the
 * connection closes before the answer is complete, which is how a handler that never answers (a `hang` fault)
 * learns that the client gave up.
 *
 * @example
 * ```ts
 * const request = await requestFrom(req, res, "http://127.0.0.1:4010");
 * ```
 */
export async function requestFrom(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<Request> {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("the client closed the connection"));
  });
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    if (!hopByHop.has(name)) headers.append(name, req.rawHeaders[i + 1] as string);
  }
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
  return new Request(urlOf(req, origin), {
    method,
    headers,
    ...(body?.length ? { body: new Uint8Array(body) } : {}),
    signal: controller.signal,
  });
}

function urlOf(req: IncomingMessage, origin: string): URL {
  const path = req.url ?? "/";
  const host = req.headers.host;
  if (host) {
    try {
      return new URL(path, `http://${host}`);
    } catch {
      // A Host header that is no host: the server's own origin instead.
    }
  }
  return new URL(path, origin);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/**
 * Writes `response` to `res`: status, status text, headers (each `Set-Cookie` on its own) and the body chunk by
 * chunk as the handler produces it, waiting for the client to take each one. A body that errors part-way
 * destroys the connection; a client that goes away cancels the body. Resolves once the answer is complete or
 * abandoned.
 *
 * @example
 * ```ts
 * await writeResponse(await handler(request), res);
 * ```
 */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  for (const [name, value] of response.headers) {
    if (!hopByHop.has(name) && name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.writeHead(response.status, response.statusText || undefined);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A client that goes away while the handler is still producing the body stops it at once.
  const abandon = () => {
    if (!res.writableFinished) reader.cancel().catch(() => {});
  };
  res.once("close", abandon);
  // Settles once what was written so far has gone to the client (or cannot any more).
  let written: Promise<unknown> = Promise.resolve();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        reader.cancel().catch(() => {});
        break;
      }
      written = new Promise((resolve) => {
        if (!res.write(value, resolve)) drained(res).then(resolve);
      });
      if (res.writableNeedDrain) await drained(res);
    }
  } catch {
    // The body broke off: so does the connection, before the answer is complete, but after the status, the
    // headers and what came of the body have reached the client, so that it sees a body cut short (a `reset`
    // fault), not a server that never answered.
    await written;
    res.destroy();
    return;
  } finally {
    res.off("close", abandon);
    reader.releaseLock();
  }
  if (!res.destroyed) res.end();
}

// Resolves once `res` can take more, or is gone.
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
