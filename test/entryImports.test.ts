// What the client entry loads at run time: openapi-fetch and its own files, nothing else, also when the Node-only
// `ca` option is given; undici (for `ca`) is loaded by the first request that needs it.
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "./helpers/certificate.js";
import { modulesLoadedBy, packagesOf } from "./helpers/loadedModules.js";

describe("the client entry at run time", () => {
  it("loads only openapi-fetch, also for a client with `ca`; undici comes with the first request over it", async () => {
    const { cert } = await selfSignedCertificate(["127.0.0.1"]);
    const order = await modulesLoadedBy(
      "src/index.ts",
      "createClient",
      [
        `const client = createClient({ baseUrl: "https://127.0.0.1:1", token: "t", retry: false, ca: ${JSON.stringify(cert)} });`,
        "mark();",
        'await client.getJobSession("8").catch(() => {});',
      ].join("\n"),
    );
    const at = order.indexOf("MARK");
    expect(packagesOf(order.slice(0, at))).toEqual(["openapi-fetch"]);
    expect(packagesOf(order.slice(at + 1))).toEqual(["undici"]);
  });
});
