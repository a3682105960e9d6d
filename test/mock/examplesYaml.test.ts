// The mock reads a YAML spec's paths with the yaml package, an optional peer dependency: without it, a YAML spec
// is refused with the install command (and its Prism stopped), while the JSON bundles it serves by default
// still work.
import { join } from "node:path";
import { describe, expect, inject, it, vi } from "vitest";
import { root } from "../../scripts/redocly.js";
import { startExamplesMock } from "../../src/mock/examples.js";
import { alive } from "../helpers/spawned.js";

const spawned = vi.hoisted(() => [] as number[]);
vi.mock("node:child_process", async (importOriginal) => {
  const { recordingSpawns } = await import("../helpers/spawned.js");
  return recordingSpawns(await importOriginal(), spawned);
});
// As if the yaml package were not installed.
vi.mock("yaml", () => {
  throw Object.assign(new Error("Cannot find package 'yaml'"), { code: "ERR_MODULE_NOT_FOUND" });
});

describe("the mock appliance without the yaml package", () => {
  it("refuses a YAML spec with the install command, leaving no Prism running", async () => {
    const error = await startExamplesMock({
      port: 0,
      spec: join(root, "test/fixtures/mock-v8.1.yaml"),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ERR_YAML_NOT_FOUND",
      message: expect.stringContaining(
        "install it with `npm install --save-dev yaml`, or give the spec as JSON",
      ),
    });
    expect(spawned).toHaveLength(1);
    await vi.waitFor(() => expect(alive(spawned[0] as number)).toBe(false));
  });

  it("serves JSON specs, as the bundled ones are", async () => {
    const bundles = inject("bundledSpecs");
    await using mock = await startExamplesMock({ port: 0, spec: [bundles.v1.json, bundles["v8.1"].json] });
    const answer = await fetch(`${mock.url}/api/v8.1/system/about`, {
      headers: { Authorization: "Bearer x" },
    });
    expect(answer.status).toBe(200);
  });
});
