// Bundles the specs into a temporary folder and starts Prism on a free loopback port for the whole run;
// stops it (by its PID, via MockAppliance.close) when the run ends.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type Bundle, bundleSpecs, type SpecVersion } from "../scripts/bundle.js";
import { startMockAppliance } from "../src/mock.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the Prism mock appliance, such as http://127.0.0.1:45123. */
    mockUrl: string;
    /** Path of the bundled spec, as JSON. */
    bundledSpecJson: string;
    /** Path of the bundled spec, as YAML. */
    bundledSpecYaml: string;
    /** The bundled spec of each version, as YAML and JSON. */
    bundledSpecs: Record<SpecVersion, Bundle>;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), "veeam-azure-client-spec-"));
  const bundles = await bundleSpecs(dir);
  const bundle = bundles.v1;
  const mock = await startMockAppliance({ port: 0, spec: bundle.yaml });
  project.provide("mockUrl", mock.url);
  project.provide("bundledSpecJson", bundle.json);
  project.provide("bundledSpecYaml", bundle.yaml);
  project.provide("bundledSpecs", bundles);
  return async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  };
}
