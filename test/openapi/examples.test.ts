// The examples against the schemas (Ajv, JSON Schema 2020-12): the seed pages' examples are the spec's own
// and validate; every named example validates; broken variants of the seed examples do not.
import { describe, expect, it } from "vitest";
import { readSeed } from "../helpers/seeds.js";
import { type Json, loadSpec, responseBody, schemaValidators } from "../helpers/spec.js";

const spec = loadSpec();
const validator = schemaValidators(spec);
const list = responseBody(spec, "listVirtualMachineSnapshots", "200");
const del = responseBody(spec, "deleteVirtualMachineSnapshots", "200");
const get = responseBody(spec, "getJobSession", "200");
const validatePage = validator(list.schemaRef);
const validateSession = validator(del.schemaRef);

describe("the seed examples", () => {
  it("are the first (default) examples of their operations, unchanged but for the trailing comma", () => {
    expect(Object.keys(list.examples)[0]).toBe("seed");
    expect(list.examples.seed).toEqual(readSeed("list").example);
    expect(Object.keys(del.examples)[0]).toBe("seed");
    expect(del.examples.seed).toEqual(readSeed("delete").example);
    expect(get.examples.seed).toEqual(readSeed("delete").example);
  });

  it("validate against the response schemas", () => {
    expect(validatePage(readSeed("list").example), JSON.stringify(validatePage.errors)).toBe(true);
    expect(validateSession(readSeed("delete").example), JSON.stringify(validateSession.errors)).toBe(true);
  });
});

describe("every named example", () => {
  const all: [string, string, unknown][] = [];
  for (const item of Object.values<Json>(spec.paths)) {
    for (const operation of Object.values<Json>(item)) {
      for (const status of Object.keys(operation.responses)) {
        const body = responseBody(spec, operation.operationId, status);
        for (const [name, value] of Object.entries(body.examples)) {
          all.push([`${operation.operationId} ${status} ${name}`, body.schemaRef, value]);
        }
      }
    }
  }

  it("exists for every response, including the two-data-disk VM and the running session", () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
    expect((list.examples.twoDataDisks as Json).results[0].dataDisks).toHaveLength(2);
    expect(get.examples.running).toMatchObject({ status: "Running", executionStopTime: null });
  });

  it.each(all)("%s validates against its schema", (_, ref, value) => {
    const validate = validator(ref);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("broken variants of the seed examples fail validation", () => {
  const page = () => structuredClone(readSeed("list").example) as Json;
  const session = () => structuredClone(readSeed("delete").example) as Json;
  const cases: [string, () => Json, (b: Json) => void, Json][] = [
    ["dataDisks as a string", page, (b) => (b.results[0].dataDisks = "x"), validatePage],
    ["a snapshot without vmId", page, (b) => delete b.results[0].vmId, validatePage],
    ["a snapshot without name", page, (b) => delete b.results[0].name, validatePage],
    ["a data disk without diskId", page, (b) => (b.results[0].dataDisks = [{ name: "d" }]), validatePage],
    ["osDisk.diskId as a number", page, (b) => (b.results[0].osDisk.diskId = 7), validatePage],
    ["results missing", page, (b) => delete b.results, validatePage],
    ["results as an object", page, (b) => (b.results = {}), validatePage],
    ["a negative offset", page, (b) => (b.offset = -1), validatePage],
    ["a zero limit", page, (b) => (b.limit = 0), validatePage],
    ["a link without href", page, (b) => (b._links.self = {}), validatePage],
    ["a link href that is not a URI", page, (b) => (b._links.self.href = "not a uri"), validatePage],
    ["a subnet without name", page, (b) => (b.results[0].subnet = {}), validatePage],
    [
      "a subscription id that is not a UUID",
      page,
      (b) => (b.results[0].subscription.id = "abc"),
      validatePage,
    ],
    ["a session without status", session, (b) => delete b.status, validateSession],
    ["a session without id", session, (b) => delete b.id, validateSession],
    ["a numeric status", session, (b) => (b.status = 5), validateSession],
    ["usn as a string", session, (b) => (b.usn = "0"), validateSession],
    ["usn fractional", session, (b) => (b.usn = 1.5), validateSession],
    [
      "a start time that is not a date-time",
      session,
      (b) => (b.executionStartTime = "yesterday"),
      validateSession,
    ],
    ["a duration that is not a TimeSpan", session, (b) => (b.executionDuration = "1 day"), validateSession],
  ];

  it.each(cases)("%s", (_, make, mutate, validate) => {
    const body = make();
    mutate(body);
    expect(validate(body)).toBe(false);
  });
});

describe("open enumerations", () => {
  it("accept a status and a type the spec does not know", () => {
    const body = { ...(readSeed("delete").example as Json), status: "Paused", type: "SomethingNew" };
    expect(validateSession(body)).toBe(true);
  });

  it("accept multi-day TimeSpan durations", () => {
    const body = { ...(readSeed("delete").example as Json), executionDuration: "3.04:05:06.7000000" };
    expect(validateSession(body)).toBe(true);
  });
});
