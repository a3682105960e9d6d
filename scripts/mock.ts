// `npm run mock [-- --port N]`: bundles every version's spec and serves them all on one port of 127.0.0.1 (a
// Prism per spec behind the mock appliance's front server) until Ctrl-C.

import { join } from "node:path";
import { parseArgs } from "node:util";
import { startExamplesMock } from "../src/mock/examples.js";
import { bundleSpecs } from "./bundle.js";
import { root } from "./redocly.js";

const { values } = parseArgs({ options: { port: { type: "string", short: "p", default: "4010" } } });
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65_535) {
  console.error(`--port must be a port number (0-65535), got "${values.port}"`);
  process.exit(2);
}
const bundles = await bundleSpecs(join(root, "dist", "openapi"));
const mock = await startExamplesMock({
  port,
  spec: Object.values(bundles).map((bundle) => bundle.yaml),
  onLog: (line) => console.log(line),
});
console.log(`
Mock appliance: ${mock.url}  (v1 and v8.1; v6, v7 and v8 as v8.1. Ctrl-C stops it)

Try it:
  curl -H 'Authorization: Bearer x' ${mock.url}/api/v8.1/restorePoints/virtualMachines/snapshots
  curl -H 'Authorization: Bearer x' ${mock.url}/api/v1/virtualMachineSnapshots`);
const stop = () => void mock.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
