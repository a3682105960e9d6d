// The loopback appliance the benchmarks call: node:http on 127.0.0.1, a free port, serving seed-shaped pages of
// snapshots. It runs in its own process (see startServerProcess), so that its work does not share the event
// loop with the client being measured. It serves the list of both API versions the bench measures, each with
// its own query names (read case-sensitively, as the appliance does) and page shape:
//   /b/<latencyMs>/<total>/api/v8.1/restorePoints/virtualMachines/snapshots?Offset=&Limit=   (with totalCount)
//   /b/<latencyMs>/<total>/api/v1/virtualMachineSnapshots?offset=&limit=
// A path prefix sets how it answers, since the client only lets a baseUrl, not extra query parameters, through:
// it waits <latencyMs> before answering (the injected server latency) and serves a collection of <total> items.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { isMain } from "../scripts/is-main.js";
import { type BenchVersion, defaultLimits, listPaths, pageJson, queryNames } from "./data.js";

const versionOfPath = new Map<string, BenchVersion>(
  Object.entries(listPaths).map(([version, path]) => [path, version as BenchVersion]),
);
const route = /^\/b\/(\d+)\/(\d+)(\/[^?]*)(?:\?(.*))?$/;
const maxLimit = 1000;
// Pages of collections this small are kept once made; a million-item collection is made as it is read.
const cacheUpTo = 100_000;

/** The base URL (for `createClient`) of a collection of `total` snapshots answered after `latencyMs`. */
export const collectionUrl = (origin: string, latencyMs: number, total: number) =>
  `${origin}/b/${latencyMs}/${total}`;

function serve(): Promise<{ origin: string; close(): Promise<void> }> {
  const cache = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const match = route.exec(req.url ?? "");
    const version = versionOfPath.get(match?.[3] ?? "");
    if (!match || !version || req.method !== "GET") {
      res.writeHead(404).end();
      return;
    }
    if (!req.headers.authorization?.startsWith("Bearer ")) {
      res.writeHead(401).end();
      return;
    }
    const latency = Number(match[1]);
    const total = Number(match[2]);
    const query = new URLSearchParams(match[4]);
    const names = queryNames[version];
    const offset = Number(query.get(names.offset) ?? 0);
    const limit = Math.min(maxLimit, Number(query.get(names.limit) ?? defaultLimits[version]));
    const key = `${version},${offset},${limit},${total}`;
    let body = cache.get(key);
    if (!body) {
      body = Buffer.from(pageJson(version, `http://${req.headers.host}`, offset, limit, total));
      if (total <= cacheUpTo) cache.set(key, body);
    }
    const answer = (page: Buffer) =>
      res
        .writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": page.length })
        .end(page);
    if (latency > 0) setTimeout(answer, latency, body);
    else answer(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    }),
  );
}

/** A server process: its origin, and how to stop it. */
export interface ServerProcess {
  origin: string;
  close(): Promise<void>;
}

/** Starts the server in a child process and waits until it listens. */
export async function startServerProcess(): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", new URL(import.meta.url).pathname],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bench server exited with ${code}`)));
    lines.once("line", resolve);
  });
  return {
    origin,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.stdin?.end(); // the server stops when its input closes, so it never outlives the bench
      }),
  };
}

if (isMain(import.meta.url)) {
  const { origin, close } = await serve();
  console.log(origin);
  process.stdin.resume();
  process.stdin.once("end", () => void close());
}
