// Loopback appliances of a given product, for the CLI's tests: the one place that knows how they are made, so the
// stateful mock (`startMockAppliance({ port: 0, product })`) can replace it here alone.
//
// Today: a small front server before the run's Prism mock (test/global-setup.ts; it serves v1 and v8.1, with v8,
// v7 and v6 as v8.1), which answers 404 with a problem for every version prefix the product does not serve, as an
// appliance does, and passes everything else on. So each product serves exactly its versions
// (../shared/reference/versions.md, "Which appliance serves which API version"), though every v6+ one still
// answers with the v8.1 examples (system/about says 8.1.0.32 on each).
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { inject } from "vitest";

/** The products the tests start. */
export type Product = "8.1" | "8.0" | "7.0" | "1.0";

/** The API versions each product serves (that the client speaks: 7.0 serves v5 too). */
export const servedVersions: Record<Product, readonly string[]> = {
  "8.1": ["v8.1", "v8", "v7", "v6"],
  "8.0": ["v8", "v7", "v6"],
  "7.0": ["v7", "v6"],
  "1.0": ["v1"],
};

/** A running appliance. */
export interface Appliance {
  /** Its origin, for --url. */
  url: string;
  /** Each request it received, as `METHOD /path?query`, in order. */
  received: string[];
  close(): Promise<void>;
}

/**
 * Starts an appliance of `product` on a free loopback port; the test stops it with `close()`.
 *
 * @example
 * ```ts
 * const appliance = await startAppliance("8.1");
 * await runCli(["about", "--url", appliance.url, "--token", "t"]);
 * await appliance.close();
 * ```
 */
export async function startAppliance(product: Product): Promise<Appliance> {
  const mock = new URL(inject("mockUrl"));
  const served = servedVersions[product];
  const received: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    received.push(`${req.method} ${url}`);
    const version = /^\/api\/(v[\d.]+)\//.exec(url)?.[1];
    if (version !== undefined && !served.includes(version)) {
      const body = JSON.stringify({ title: "Not Found", status: 404, detail: `No resource at ${url}.` });
      res.writeHead(404, { "content-type": "application/problem+json" }).end(body);
      return;
    }
    const forwarded = request(
      // No pooled connection to the mock outlives the test (test/setup/no-leaks.ts).
      {
        host: mock.hostname,
        port: mock.port,
        method: req.method,
        path: url,
        headers: req.headers,
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on("error", () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
