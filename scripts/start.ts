// `npm start`: the mock appliance (every version's spec on one port) and the API reference site (a page per
// version, v8.1 first) on loopback, with no real appliance needed. Usage: npm start [-- --port 4010 --docs-port 4011]. Ctrl-C stops both;
// nothing is left running.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type MockAppliance, startMockAppliance } from "../src/mock.js";
import { bundleSpecs } from "./bundle.js";
import { buildDocs } from "./docs.js";
import { root } from "./redocly.js";
import { type StaticServer, serveStatic } from "./serve-static.js";
import { pageFolder, siteVersions } from "./site-versions.js";

function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    console.error(`--${name} must be a port number (0-65535), got "${value}"`);
    process.exit(2);
  }
  return port;
}

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: "4010" },
    "docs-port": { type: "string", default: "4011" },
  },
});
const mockPort = portOption("port", values.port);
const docsPort = portOption("docs-port", values["docs-port"]);

const docsDir = join(root, "dist", "docs");
console.log("Building the reference site and bundling the specs...");
// The site has a page per version, as the mock serves every version's bundle (as the package ships them).
const [, bundles] = await Promise.all([buildDocs(docsDir), bundleSpecs(join(root, "dist", "openapi"))]);

let mock: MockAppliance | undefined;
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
    startMockAppliance({ port: mockPort, spec: Object.values(bundles).map((bundle) => bundle.yaml) }),
    serveStatic(docsDir, docsPort),
  ]);
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    "Is another process using the port? Pick others with: npm start -- --port 5010 --docs-port 5011",
  );
  await shutdown(1);
}

const pages = siteVersions
  .map(({ version }) => `  ${`${version}:`.padEnd(15)}${docs?.url}${pageFolder(version)}/`)
  .join("\n");
console.log(`
Mock appliance:  ${mock?.url}   (v8.1 and v1, v6 to v8 as v8.1; any bearer token is accepted)
API reference:   ${docs?.url}   (opens the newest version, ${siteVersions[0]?.version})
${pages}

Try it:
  curl -H 'Authorization: Bearer x' ${mock?.url}/api/v8.1/restorePoints/virtualMachines/snapshots
  curl -H 'Authorization: Bearer x' ${mock?.url}/api/v1/virtualMachineSnapshots

Ctrl-C stops both.`);
