// A real HTTP (or HTTPS) server on 127.0.0.1 for fault injection: each test sets how it answers, and it records
// what arrives. Tests start it and stop it themselves (close() also drops kept-alive and hung connections).
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";

/** A request as the server saw it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void;

/** A running fault server. */
export interface FaultServer {
  url: string;
  received: Received[];
  /** Sets how the server answers the next requests (replacing the previous handler). */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** The certificate (PEM) and private key an HTTPS fault server presents. */
export interface ServerCertificate {
  cert: string;
  key: string;
}

/** Starts a fault server on a free loopback port; over HTTPS when given a certificate. */
export async function startFaultServer(tls?: ServerCertificate): Promise<FaultServer> {
  const received: Received[] = [];
  let handler: Handler = (_req, res) => res.writeHead(500).end();
  const listener: RequestListener = (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body, received.length - 1);
    });
  };
  const server = tls ? createTlsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    received,
    handle(next) {
      handler = next;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Answers JSON with `status`. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A page of `count` snapshots starting at `offset`, seed-shaped enough for the client. */
export function snapshotPage(offset: number, limit: number, count: number) {
  return {
    offset,
    limit,
    results: Array.from({ length: count }, (_, i) => ({
      vmId: `vm-${offset + i}`,
      name: `vm-${offset + i}`,
      dataDisks: [],
    })),
  };
}

/** A job session with `status`. */
export function jobSession(id: string, status: string, links: Record<string, { href: string }> = {}) {
  return { id, type: "SnapshotDeletion", status, usn: 0, _links: links };
}
