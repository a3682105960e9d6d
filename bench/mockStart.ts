// One start of a mock appliance, in a fresh process (started by bench/run.ts): from just before the import to
// the first page listed after a login, then it stops. `stateful`: createMockAppliance in this process, requests
// through its fetch. `prism`: the examples mock (Prism processes on loopback), requests over HTTP.
//   node --import tsx bench/mockStart.ts <stateful|prism> <dist URL>
import type * as Mock from "../src/mock/index.js";

const [mode, distUrl] = process.argv.slice(2);
if ((mode !== "stateful" && mode !== "prism") || !distUrl) {
  throw new Error("usage: node --import tsx bench/mockStart.ts <stateful|prism> <dist URL>");
}
const started = performance.now();
const mock = (await import(`${distUrl}/mock/index.js`)) as typeof Mock;
let origin = "https://appliance.test";
let call: typeof fetch = fetch;
let stop = async () => {};
if (mode === "stateful") {
  const appliance = await mock.createMockAppliance({ product: "8.1" });
  call = appliance.fetch as typeof fetch;
} else {
  const server = await mock.startExamplesMock({ port: 0 });
  origin = server.url;
  stop = () => server.close();
}
const login = await call(`${origin}/api/oauth2/token`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: "grant_type=Password&username=backupadmin&password=bench",
});
const { access_token } = (await login.json()) as { access_token: string };
const page = await call(`${origin}/api/v8.1/restorePoints/virtualMachines/snapshots`, {
  headers: { authorization: `Bearer ${access_token}` },
});
const { results } = (await page.json()) as { results: unknown[] };
const elapsed = performance.now() - started;
await stop();
if (!Array.isArray(results) || results.length === 0) throw new Error(`${mode}: the first page is empty`);
process.stdout.write(String(elapsed));
