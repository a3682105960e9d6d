// `npm run mock [-- --port N]`: bundles the spec and serves it with Prism on 127.0.0.1 until Ctrl-C.

import { join } from "node:path";
import { parseArgs } from "node:util";
import { startMockAppliance } from "../src/mock.js";
import { bundleSpec } from "./bundle.js";
import { root } from "./redocly.js";

const { values } = parseArgs({ options: { port: { type: "string", short: "p", default: "4010" } } });
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65_535) {
  console.error(`--port must be a port number (0-65535), got "${values.port}"`);
  process.exit(2);
}
const { yaml } = await bundleSpec(join(root, "dist"));
const mock = await startMockAppliance({ port, spec: yaml, onLog: (line) => console.log(line) });
console.log(`\nMock appliance: ${mock.url}  (Ctrl-C stops it)`);
const stop = () => void mock.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
