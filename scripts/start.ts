// `npm start`: the stateful mock appliance (every version on one port, a default inventory of 250 VMs whose first
// is the seed example's) and the API reference site (a page per version, v8.1 first) on loopback, with no real
// appliance needed. Usage: npm start [-- --port 4010 --docs-port 4011 --snapshots 250 --seed 1 --product 8.1].
// Ctrl-C stops both;
// nothing is left running.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type MockServer, startMockAppliance } from "../src/mock/server.js";
import { bundleSpecs } from "./bundle.js";
import { buildDocs } from "./docs.js";
import { applianceArgs, mockArgOptions, orExit, portArg, tryLines } from "./mockArgs.js";
import { root } from "./redocly.js";
import { type StaticServer, serveStatic } from "./serve-static.js";
import { pageFolder, siteVersions } from "./site-versions.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: "4010" },
    "docs-port": { type: "string", default: "4011" },
    ...mockArgOptions,
  },
});
const mockPort = orExit(() => portArg("port", values.port));
const docsPort = orExit(() => portArg("docs-port", values["docs-port"]));
const appliance = orExit(() => applianceArgs(values));

const docsDir = join(root, "dist", "docs");
console.log("Building the reference site and bundling the specs...");
// The site has a page per version; the mock reads every version's bundle from dist/openapi/, as the package
// ships them.
await Promise.all([buildDocs(docsDir), bundleSpecs(join(root, "dist", "openapi"))]);

let mock: MockServer | undefined;
let docs: StaticServer | undefined;
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.allSettled([mock?.close(), docs?.close()]);
  }
  process.exit(code);
}
process.once("SIGINT", () => void shutdown(0));
process.once("SIGTERM", () => void shutdown(0));

try {
  [mock, docs] = await Promise.all([
    startMockAppliance({ port: mockPort, ...appliance }),
    serveStatic(docsDir, docsPort),
  ]);
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    "Is another process using the port? Pick others with: npm start -- --port 5010 --docs-port 5011",
  );
  await shutdown(1);
}

const served = `${appliance.product ? `product ${appliance.product}: ` : ""}${mock?.apiVersions.join(", ")}`;
const pages = siteVersions
  .map(({ version }) => `  ${`${version}:`.padEnd(15)}${docs?.url}${pageFolder(version)}/`)
  .join("\n");
console.log(`
Mock appliance:  ${mock?.url}   (${served}; ${appliance.snapshots} VMs; any bearer token is accepted)
API reference:   ${docs?.url}   (opens the newest version, ${siteVersions[0]?.version})
${pages}

Try it:
${tryLines(mock?.url ?? "", mock?.apiVersions ?? [])
  .map((line) => `  ${line}`)
  .join("\n")}

Ctrl-C stops both.`);
