// The v8.1 spec: the operations the client is written against (ids, methods, exact parameter names and statuses),
// the 429/503/default responses of both specs, every named example against its schema (Ajv, JSON Schema
// 2020-12), the v1 seed examples carried into the v8.1 shape, and broken variants that the closed schemas reject.
import { describe, expect, it } from "vitest";
import { readSeed } from "../helpers/seeds.js";
import { type Json, loadSpec, schemaValidators } from "../helpers/spec.js";

const spec = loadSpec("v8.1");
const v1 = loadSpec("v1");
const validator = schemaValidators(spec);
const schema = (name: string) => validator(`#/components/schemas/${name}`);

const local = (ref: string) => ref.split("/").pop() ?? "";
// Follows a `#/components/<kind>/<name>` reference of `doc`, or returns the object itself.
function deref(doc: Json, object: Json): Json {
  if (!object?.$ref) return object;
  const [, , kind, name] = object.$ref.split("/");
  return doc.components[kind][name];
}

// Every operation of a spec, with its path and method.
function operationsOf(doc: Json): { path: string; method: string; operation: Json }[] {
  return Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
    Object.entries<Json>(item).map(([method, operation]) => ({ path, method, operation })),
  );
}
const operation = (operationId: string) => {
  const found = operationsOf(spec).find((o) => o.operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found;
};
const response = (operationId: string, status: string) =>
  deref(spec, operation(operationId).operation.responses[status]);
// The named examples of a response's (first) media type, by name, in order.
function examplesOf(doc: Json, media: Json): Record<string, Json> {
  return Object.fromEntries(
    Object.entries<Json>(media?.examples ?? {}).map(([k, e]) => [k, deref(doc, e).value]),
  );
}
const firstMedia = (r: Json): Json => Object.values<Json>(r.content ?? {})[0];

const deletes = [
  "deleteVirtualMachineSnapshots",
  "deleteVirtualMachineManualSnapshots",
  "batchDeleteVirtualMachineSnapshots",
  "batchDeleteVirtualMachineManualSnapshots",
];
const errors = ["429", "503", "default"];

// operationId, method, path, parameters (name, in, required), declared statuses.
const expected: [string, string, string, [string, string, boolean][], string[]][] = [
  ["createToken", "post", "/api/oauth2/token", [], ["200", "400", "401", ...errors]],
  [
    "listVirtualMachineSnapshots",
    "get",
    "/api/v8.1/restorePoints/virtualMachines/snapshots",
    [
      ["Offset", "query", false],
      ["Limit", "query", false],
      ["VirtualMachineId", "query", false],
      ["RestorePointId", "query", false],
    ],
    ["200", "400", "401", "403", ...errors],
  ],
  [
    "deleteVirtualMachineSnapshots",
    "post",
    "/api/v8.1/protectedItem/virtualMachines/{id}/deleteSnapshots",
    [["id", "path", true]],
    ["202", "204", "400", "401", "403", "404", ...errors],
  ],
  [
    "deleteVirtualMachineManualSnapshots",
    "post",
    "/api/v8.1/protectedItem/virtualMachines/{id}/deleteManualSnapshots",
    [["id", "path", true]],
    ["202", "204", "400", "401", "403", "404", ...errors],
  ],
  [
    "batchDeleteVirtualMachineSnapshots",
    "post",
    "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots",
    [],
    ["202", "204", "400", "401", "403", "404", ...errors],
  ],
  [
    "batchDeleteVirtualMachineManualSnapshots",
    "post",
    "/api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots",
    [],
    ["202", "204", "400", "401", "403", "404", ...errors],
  ],
  [
    "getJobSession",
    "get",
    "/api/v8.1/jobSessions/{sessionId}",
    [
      ["sessionId", "path", true],
      ["instanceId", "query", false],
    ],
    ["200", "400", "401", "403", "404", ...errors],
  ],
  ["getSystemInfo", "get", "/api/v8.1/system/about", [], ["200", "401", "403", ...errors]],
];

describe("the v8.1 operations", () => {
  it("are exactly these eight", () => {
    expect(operationsOf(spec).map((o) => o.operation.operationId)).toEqual(expected.map(([id]) => id));
  });

  describe.each(expected)("%s", (operationId, method, path, parameters, statuses) => {
    const found = operation(operationId);

    it(`is ${method.toUpperCase()} ${path}`, () => {
      expect([found.method, found.path]).toEqual([method, path]);
    });

    it("takes exactly its parameters, with their names' exact case", () => {
      const declared = (found.operation.parameters ?? []).map((p: Json) => deref(spec, p));
      expect(declared.map((p: Json) => [p.name, p.in, p.required ?? false])).toEqual(parameters);
    });

    it("declares exactly its statuses", () => {
      expect(Object.keys(found.operation.responses)).toEqual(statuses);
    });

    it(operationId === "createToken" ? "needs no token" : "needs the bearer token", () => {
      const security = found.operation.security ?? spec.security;
      expect(security).toEqual(operationId === "createToken" ? [] : [{ bearerAuth: [] }]);
    });
  });

  it("say that the list's query parameters are case-sensitive, and that Limit=-1 is undocumented", () => {
    for (const p of operation("listVirtualMachineSnapshots").operation.parameters) {
      expect(deref(spec, p).description).toMatch(/case-sensitive/i);
    }
    const limit = spec.components.parameters.Limit;
    expect(limit.schema).toMatchObject({ type: "integer", format: "int32", minimum: -1, default: 100 });
    expect(limit.description).toMatch(/-1/);
    expect(limit.description).toMatch(/undocumented/);
    expect(spec.components.parameters.Offset.schema).toMatchObject({ type: "integer", minimum: 0 });
    expect(spec.components.parameters.RestorePointIdFilter.schema).toMatchObject({ format: "uuid" });
  });

  it.each(deletes)("%s answers 202 with a JobSession, or 204 with no body", (operationId) => {
    const accepted = response(operationId, "202");
    expect(Object.keys(accepted.content)).toEqual(["application/json"]);
    expect(firstMedia(accepted).schema.$ref).toBe("#/components/schemas/JobSession");
    const none = response(operationId, "204");
    expect(none.content).toBeUndefined();
    expect(none.description).toMatch(/nothing to delete/i);
  });

  it("send the batch deletes' ids as a required JSON body", () => {
    for (const operationId of deletes.filter((id) => id.startsWith("batch"))) {
      const body = deref(spec, operation(operationId).operation.requestBody);
      expect(body.required).toBe(true);
      expect(firstMedia(body).schema.$ref).toBe("#/components/schemas/VirtualMachineIds");
    }
    const validate = schema("VirtualMachineIds");
    expect(validate({ ids: ["bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy"] })).toBe(true);
    expect(validate({ ids: [] })).toBe(false);
    expect(validate({})).toBe(false);
    expect(validate({ ids: "a,b" })).toBe(false);
  });

  it("post the token request form-encoded, without a bearer token", () => {
    const body = deref(spec, operation("createToken").operation.requestBody);
    expect(Object.keys(body.content)).toEqual(["application/x-www-form-urlencoded"]);
    expect(Object.keys(firstMedia(body).examples)).toEqual(["password", "refreshToken", "mfa"]);
  });

  it("describe the manual removal and the ambiguity of v1's", () => {
    const single = operation("deleteVirtualMachineManualSnapshots").operation.description;
    expect(single).toMatch(/manually/);
    expect(single).toMatch(/v1/);
    expect(operation("deleteVirtualMachineSnapshots").operation.description).toMatch(/no source says/);
  });
});

describe.each([
  ["v1", v1],
  ["v8.1", spec],
])("every operation of the %s spec", (_, doc) => {
  const all = operationsOf(doc).map((o) => [o.operation.operationId, o.operation] as const);

  it.each(all)("%s declares 429 and 503 with Retry-After, and a default, all problem details", (_id, op) => {
    for (const status of errors) {
      const declared = deref(doc, op.responses[status]);
      expect(declared, status).toBeDefined();
      expect(Object.keys(declared.content)).toEqual(["application/problem+json"]);
      expect(firstMedia(declared).schema.$ref).toBe("#/components/schemas/ProblemDetails");
      expect(Object.keys(firstMedia(declared).examples).length).toBeGreaterThan(0);
      if (status === "default") continue;
      const header = deref(doc, declared.headers?.["Retry-After"]);
      expect(header.schema.type).toBe("string");
      expect(header.description).toMatch(/gateway/);
      const pattern = new RegExp(header.schema.pattern);
      for (const example of Object.values<Json>(header.examples)) expect(example.value).toMatch(pattern);
      expect("120").toMatch(pattern);
      expect("Mon, 23 Nov 2026 12:00:45 GMT").toMatch(pattern);
      expect("soon").not.toMatch(pattern);
    }
  });

  it("shares one header, and one response per status, rather than copies", () => {
    expect(Object.keys(doc.components.headers)).toEqual(["RetryAfter"]);
    for (const [, op] of all) {
      expect(op.responses["429"].$ref).toBe("#/components/responses/TooManyRequests");
      expect(op.responses["503"].$ref).toBe("#/components/responses/ServiceUnavailable");
      expect(op.responses.default.$ref).toBe("#/components/responses/Problem");
    }
  });
});

describe("every named example of the v8.1 spec", () => {
  // [where, schema $ref, value] of every example of every request and response body.
  const all: [string, string, unknown][] = [];
  const used = new Set<string>();
  for (const { operation: op } of operationsOf(spec)) {
    const bodies: [string, Json][] = Object.entries<Json>(op.responses).map(([s, r]) => [s, deref(spec, r)]);
    if (op.requestBody) bodies.push(["request", deref(spec, op.requestBody)]);
    for (const [where, body] of bodies) {
      for (const media of Object.values<Json>(body.content ?? {})) {
        for (const [name, example] of Object.entries<Json>(media.examples)) {
          if (example.$ref) used.add(local(example.$ref));
          all.push([`${op.operationId} ${where} ${name}`, media.schema.$ref, deref(spec, example).value]);
        }
      }
    }
  }

  it("covers every example component", () => {
    expect([...used].sort()).toEqual(Object.keys(spec.components.examples).sort());
    expect(all.length).toBeGreaterThanOrEqual(60);
  });

  it.each(all)("%s validates against its schema", (_, ref, value) => {
    const validate = validator(ref);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  it("include the problems the brief of each status asks for", () => {
    const bad = examplesOf(spec, firstMedia(response("listVirtualMachineSnapshots", "400"))).badRequest;
    expect(Object.keys(bad.errors)).toEqual(["Limit"]);
    const notFound = examplesOf(spec, firstMedia(response("getJobSession", "404"))).notFound;
    expect(notFound.traceId).toEqual(expect.any(String));
    const invalid = examplesOf(spec, firstMedia(response("createToken", "401"))).invalidCredentials;
    expect(invalid.traceId).toEqual(expect.any(String));
    expect(examplesOf(spec, firstMedia(response("getSystemInfo", "429"))).tooManyRequests.status).toBe(429);
    expect(examplesOf(spec, firstMedia(response("getSystemInfo", "503"))).serviceUnavailable.status).toBe(
      503,
    );
  });
});

// The v1 seed examples in the v8.1 shape: a disk's `name` is `diskName`, a session has no `usn`, and the links
// point at the v8.1 counterparts of the v1 paths (query names capitalised, as v8.1 spells them).
function relink(href: string): string {
  // By hand rather than with URL, which would drop the seed's explicit ":443".
  const [, origin = "", path = "", query] = /^(\w+:\/\/[^/]+)([^?]*)(?:\?(.*))?$/.exec(href) ?? [];
  const v81 = path
    .replace(/^\/api\/v1\/diskSnapshots$/, "/api/v8.1/restorePoints/virtualMachines/diskSnapshots")
    .replace(/^\/api\/v1\/restorePoints\//, "/api/v8.1/restorePoints/virtualMachines/")
    .replace(/^\/api\/v1\/virtualMachineSnapshots$/, "/api/v8.1/restorePoints/virtualMachines/snapshots")
    .replace(/^\/api\/v1\//, "/api/v8.1/");
  const capitalised = query?.replace(
    /(^|&)(\w)/g,
    (_, sep: string, first: string) => sep + first.toUpperCase(),
  );
  return origin + v81 + (capitalised === undefined ? "" : `?${capitalised}`);
}
function toV81(value: Json): Json {
  if (Array.isArray(value)) return value.map(toV81);
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, item] of Object.entries<Json>(value)) {
    if (key === "usn") continue;
    if (key === "href") out.href = relink(item);
    else if (key === "name" && "diskId" in value) out.diskName = item;
    else out[key] = toV81(item);
  }
  return out;
}

describe("the v1 seed examples, carried into v8.1", () => {
  const list = examplesOf(spec, firstMedia(response("listVirtualMachineSnapshots", "200")));
  const listSeed = readSeed("list").example as Json;
  const sessionSeed = readSeed("delete").example as Json;

  it("give the list's first example: the same results, disk name as diskName", () => {
    expect(Object.keys(list)[0]).toBe("seed");
    expect(list.seed.results).toEqual(toV81(listSeed.results));
    expect(list.seed.results[0].osDisk).toEqual({
      diskId: listSeed.results[0].osDisk.diskId,
      diskName: listSeed.results[0].osDisk.name,
    });
  });

  it("give a page of the default size, with its count and v8.1 links", () => {
    expect(list.seed).toMatchObject({ offset: 0, limit: 100, totalCount: 1 });
    expect(list.seed.totalCount).toBe(listSeed.results.length);
    expect(list.seed._links.self.href).toBe(
      "https://abc.ukwest.cloudapp.azure.com:443/api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100",
    );
    expect(Object.keys(list.seed).sort()).toEqual([...Object.keys(listSeed), "totalCount"].sort());
  });

  it("give the first session example of the four deletes and of getJobSession: the v1 session without usn", () => {
    const expectedSession = toV81(sessionSeed);
    expect(Object.keys(expectedSession)).not.toContain("usn");
    for (const [operationId, status] of [
      ...deletes.map((id) => [id, "202"]),
      ["getJobSession", "200"],
    ] as const) {
      const examples = examplesOf(spec, firstMedia(response(operationId, status)));
      expect(Object.keys(examples)[0], operationId).toBe("seed");
      expect(examples.seed, operationId).toEqual(expectedSession);
    }
  });

  it("are rejected in their v1 shape: the v8.1 schemas are closed, as Veeam's document declares them", () => {
    expect(schema("VirtualMachineSnapshotsPage")(listSeed)).toBe(false);
    expect(schema("VirtualMachineSnapshotsPage")({ ...listSeed, results: toV81(listSeed.results) })).toBe(
      true,
    );
    expect(schema("JobSession")(sessionSeed)).toBe(false);
    expect(schema("JobSession")(toV81(sessionSeed))).toBe(true);
  });
});

describe("the multi-factor answer of the token request", () => {
  const token = examplesOf(spec, firstMedia(response("createToken", "200")));
  const form = examplesOf(spec, firstMedia(deref(spec, operation("createToken").operation.requestBody)));

  it("is a 200 without an access token, with mfa_enabled and an mfa_token", () => {
    const mfa = token.mfaRequired;
    expect(mfa).not.toHaveProperty("access_token");
    expect(mfa).not.toHaveProperty("refresh_token");
    expect(mfa).toMatchObject({ mfa_enabled: true, expires_in: 0, mfa_token: expect.any(String) });
    expect(schema("TokenResponse")(mfa)).toBe(true);
  });

  it("is answered by the Mfa grant with its mfa_token", () => {
    expect(form.mfa).toMatchObject({ grant_type: "Mfa", mfa_token: token.mfaRequired.mfa_token });
    expect(token.issued).toMatchObject({
      access_token: expect.any(String),
      mfa_enabled: false,
      expires_in: 3600,
    });
  });

  it("makes no token property required", () => {
    expect(spec.components.schemas.TokenResponse.required).toBeUndefined();
    expect(schema("TokenResponse")({})).toBe(true);
  });
});

describe("broken variants fail validation", () => {
  const page = () =>
    structuredClone(examplesOf(spec, firstMedia(response("listVirtualMachineSnapshots", "200"))).seed);
  const vm = (b: Json) => b.results[0];
  const session = () => structuredClone(examplesOf(spec, firstMedia(response("getJobSession", "200"))).seed);
  const tokens = () => structuredClone(examplesOf(spec, firstMedia(response("createToken", "200"))).issued);
  const about = () =>
    structuredClone(examplesOf(spec, firstMedia(response("getSystemInfo", "200"))).appliance);
  const cases: [string, () => Json, (b: Json) => void, string][] = [
    [
      "a disk with v1's name instead of diskName",
      page,
      (b) => (vm(b).osDisk = { diskId: "d", name: "n" }),
      "Page",
    ],
    ["a data disk with v1's name", page, (b) => (vm(b).dataDisks = [{ diskId: "d", name: "n" }]), "Page"],
    ["a snapshot with a usn", page, (b) => (vm(b).usn = 0), "Page"],
    ["a snapshot without size", page, (b) => delete vm(b).size, "Page"],
    ["dataDisks as a string", page, (b) => (vm(b).dataDisks = "x"), "Page"],
    ["results missing", page, (b) => delete b.results, "Page"],
    ["offset missing", page, (b) => delete b.offset, "Page"],
    ["limit missing", page, (b) => delete b.limit, "Page"],
    ["a negative offset", page, (b) => (b.offset = -1), "Page"],
    ["totalCount as a string", page, (b) => (b.totalCount = "1"), "Page"],
    ["a subscription id that is not a UUID", page, (b) => (vm(b).subscription.id = "abc"), "Page"],
    ["an unknown Azure environment", page, (b) => (vm(b).subscription.environment = "Mars"), "Page"],
    ["a subscription of null", page, (b) => (vm(b).subscription = null), "Page"],
    ["an unknown property on a region", page, (b) => (vm(b).region.zone = "1"), "Page"],
    ["a link href that is not a URI", page, (b) => (b._links.self.href = "not a uri"), "Page"],
    ["hasEphemeralOsDisk as a string", page, (b) => (vm(b).hasEphemeralOsDisk = "false"), "Page"],
    ["a session without status", session, (b) => delete b.status, "JobSession"],
    ["a session with a usn", session, (b) => (b.usn = 0), "JobSession"],
    ["a numeric status", session, (b) => (b.status = 5), "JobSession"],
    ["a duration that is not a TimeSpan", session, (b) => (b.executionDuration = "1 day"), "JobSession"],
    ["an unknown policy type", session, (b) => (b.backupJobInfo = { policyType: "Tapes" }), "JobSession"],
    ["a token response with an unknown property", tokens, (b) => (b.scope = "api"), "TokenResponse"],
    ["expires_in as a string", tokens, (b) => (b.expires_in = "3600"), "TokenResponse"],
    ["a databaseId that is not a UUID", about, (b) => (b.databaseId = "db"), "SystemInfo"],
  ];

  it.each(cases)("%s", (_, make, mutate, name) => {
    const body = make();
    mutate(body);
    expect(schema(name === "Page" ? "VirtualMachineSnapshotsPage" : name)(body)).toBe(false);
  });

  it.each([
    ["a password grant without password", { grant_type: "Password", username: "backupadmin" }],
    ["an Mfa grant without mfa_code", { grant_type: "Mfa", mfa_token: "t" }],
    ["a refresh grant with a password", { grant_type: "Refresh_token", refresh_token: "r", password: "p" }],
    ["an unknown grant", { grant_type: "Saml", saml_response: "x" }],
  ])("%s", (_, form) => {
    expect(schema("TokenRequest")(form)).toBe(false);
  });
});

describe("what the v8.1 schemas accept", () => {
  const page = () =>
    structuredClone(examplesOf(spec, firstMedia(response("listVirtualMachineSnapshots", "200"))).seed);

  it("null where Veeam's document says a value may be null", () => {
    const body = page();
    Object.assign(body.results[0], {
      vmId: null,
      name: null,
      resourceGroup: null,
      dataDisks: null,
      _links: null,
    });
    Object.assign(body.results[0].osDisk, { diskName: null });
    body.totalCount = null;
    expect(schema("VirtualMachineSnapshotsPage")(body)).toBe(true);
  });

  it("a status and a session type the spec does not know (open enumerations, as in v1)", () => {
    const body = { status: "Paused", type: "SomethingNew" };
    expect(schema("JobSession")(body)).toBe(true);
  });

  it("NeverExecuted and ManualSnapshotDeletion among the known values", () => {
    expect(spec.components.schemas.KnownJobStatus.enum).toContain("NeverExecuted");
    expect(spec.components.schemas.KnownJobSessionType.enum).toEqual(
      expect.arrayContaining(["SnapshotDeletion", "ManualSnapshotDeletion"]),
    );
  });

  it("problem details with members of a gateway's own (ProblemDetails stays open)", () => {
    expect(
      schema("ProblemDetails")({ title: "Too Many Requests", status: 429, retryAfterSeconds: 120 }),
    ).toBe(true);
  });

  it("a disk snapshot described as v1's renamed one", () => {
    expect(spec.components.schemas.DiskSnapshot.description).toMatch(/v1 called .*`name`/);
    expect(spec.components.schemas.DiskSnapshot.additionalProperties).toBe(false);
  });
});
