// The checker verify and the spec tests share: deviations come with JSON paths a person can follow.
import { describe, expect, it } from "vitest";
import { declaredResponse, deviations, schemaValidators } from "../../src/cli/specValidator.js";
import { loadSpec } from "../helpers/spec.js";

const spec = loadSpec();
const validators = schemaValidators(spec);

describe("deviations", () => {
  it("is empty for a valid body", () => {
    expect(
      deviations(validators("#/components/schemas/JobSession"), { id: "8", type: "X", status: "Running" }),
    ).toEqual([]);
  });

  it("names a missing property at its own path, and a wrong type at the value's", () => {
    const page = { offset: 0, limit: 30, results: [{ name: "a", dataDisks: "x" }] };
    expect(deviations(validators("#/components/schemas/VirtualMachineSnapshotsPage"), page)).toEqual([
      { path: "$.results[0].vmId", message: "is required but missing" },
      { path: "$.results[0].dataDisks", message: "must be array" },
    ]);
  });

  it("quotes keys that are not identifiers", () => {
    const links = { "log/v2": { href: 5 } };
    expect(deviations(validators("#/components/schemas/Links"), links)).toContainEqual({
      path: '$["log/v2"].href',
      message: "must be string",
    });
  });

  it("reports the root as $", () => {
    expect(deviations(validators("#/components/schemas/JobSession"), [])).toEqual([
      { path: "$", message: "must be object" },
    ]);
  });
});

describe("declaredResponse", () => {
  it("finds the response an operation declares for a status, through $refs", () => {
    expect(declaredResponse(spec, "getJobSession", "404")).toMatchObject({
      path: "/api/v1/jobSessions/{id}",
      method: "get",
      mediaType: "application/problem+json",
      schemaRef: "#/components/schemas/ProblemDetails",
    });
  });

  it("falls back to the default response for a status the operation does not list", () => {
    expect(declaredResponse(spec, "getJobSession", "500")).toMatchObject({
      mediaType: "application/problem+json",
      schemaRef: "#/components/schemas/ProblemDetails",
    });
  });

  it("is undefined for a status the operation does not declare, with no default", () => {
    const withoutDefault = structuredClone(spec);
    delete withoutDefault.paths["/api/v1/jobSessions/{id}"].get.responses.default;
    expect(declaredResponse(withoutDefault, "getJobSession", "500")).toBeUndefined();
  });
});
