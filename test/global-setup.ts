// Bundles the specs into a temporary folder (and into dist/openapi/, which the stateful mock reads) and starts the
// static mock (Prism serving the examples) on a free loopback port for the whole run, answering every version's
// spec (a Prism per spec behind one port); stops them (by their PIDs, via ExamplesMock.close) when the run ends.
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type Bundle, bundleSpecs, type SpecVersion } from "../scripts/bundle.js";
import { root } from "../scripts/redocly.js";
import { type ExamplesMock, startExamplesMock } from "../src/mock/examples.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the mock appliance serving every version's spec, such as http://127.0.0.1:45123. */
    mockUrl: string;
    /** Path of the bundled v1 spec, as JSON. */
    bundledSpecJson: string;
    /** Path of the bundled v1 spec, as YAML. */
    bundledSpecYaml: string;
    /** The bundled spec of each version, as YAML and JSON. */
    bundledSpecs: Record<SpecVersion, Bundle>;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-spec-"));
  let bundles: Record<SpecVersion, Bundle>;
  let mock: ExamplesMock;
  try {
    bundles = await bundleSpecs(dir);
    // The stateful mock reads the package's bundles from dist/openapi/ (src/mock/specSource.ts), where
    // `npm start` and `npm run build` write them; a fresh clone has none, so they go there too (fresh, from
    // the sources under test).
    const dist = join(root, "dist", "openapi");
    await mkdir(dist, { recursive: true });
    for (const [version, bundle] of Object.entries(bundles)) {
      await copyFile(bundle.json, join(dist, `${version}.json`));
      await copyFile(bundle.yaml, join(dist, `${version}.yaml`));
    }
    mock = await startExamplesMock({ port: 0, spec: [bundles.v1.yaml, bundles["v8.1"].yaml] });
  } catch (error) {
    await rm(dir, { recursive: true, force: true }); // a failed setup leaves no temporary folder either
    throw error;
  }
  const bundle = bundles.v1;
  project.provide("mockUrl", mock.url);
  project.provide("bundledSpecJson", bundle.json);
  project.provide("bundledSpecYaml", bundle.yaml);
  project.provide("bundledSpecs", bundles);
  return async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  };
}
