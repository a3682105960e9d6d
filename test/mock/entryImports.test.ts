// What the mock entry loads at run time: none of its optional peer dependencies until a mock needs them
// (openapi-backend and faker when the stateful appliance is created, Prism only for the examples mock).
import { describe, expect, it } from "vitest";
import { modulesLoadedBy, packagesOf } from "../helpers/loadedModules.js";

const optional = ["openapi-backend", "@faker-js/faker", "@stoplight/prism-cli", "yaml"];

describe("the mock entry at run time", () => {
  it("loads no optional peer dependency on import; openapi-backend and faker come with the first appliance", async () => {
    const order = await modulesLoadedBy(
      "src/mock/index.ts",
      "createMockAppliance",
      ["mark();", "await createMockAppliance();", "mark();"].join("\n"),
    );
    const first = order.indexOf("MARK");
    const second = order.indexOf("MARK", first + 1);
    const onImport = packagesOf(order.slice(0, first));
    const onCreate = packagesOf(order.slice(first + 1, second));
    for (const name of optional) expect(onImport).not.toContain(name);
    expect(onCreate).toEqual(expect.arrayContaining(["openapi-backend", "@faker-js/faker"]));
    expect(onCreate).not.toContain("@stoplight/prism-cli");
  });
});
