// `npm run mock [-- --port N --snapshots N --seed N --product 8.1]`: bundles every version's spec into
// dist/openapi/ (where the mock reads them) and serves the stateful mock appliance on 127.0.0.1 until Ctrl-C:
// every version by default, 250 VMs whose first is the seed example's.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startMockAppliance } from "../src/mock/server.js";
import { bundleSpecs } from "./bundle.js";
import { applianceArgs, mockArgOptions, orExit, portArg, tryLines } from "./mockArgs.js";
import { root } from "./redocly.js";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p", default: "4010" }, ...mockArgOptions },
});
const port = orExit(() => portArg("port", values.port));
const appliance = orExit(() => applianceArgs(values));
await bundleSpecs(join(root, "dist", "openapi"));
let mock: Awaited<ReturnType<typeof startMockAppliance>>;
try {
  mock = await startMockAppliance({ port, ...appliance });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof Error && "code" in error && error.code === "EADDRINUSE" ? 2 : 1);
}
const served = `${appliance.product ? `product ${appliance.product}: ` : ""}${mock.apiVersions.join(", ")}`;
console.log(`
Mock appliance: ${mock.url}  (${served}; ${appliance.snapshots} VMs; Ctrl-C stops it)

Try it:
${tryLines(mock.url, mock.apiVersions)
  .map((line) => `  ${line}`)
  .join("\n")}`);
const stop = () => void mock.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
