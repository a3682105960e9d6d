// The mock appliance's error bodies, checked against Veeam's own v8.1 document (../shared/reference): every
// error status it sends has exactly the shape Veeam gives that status (ProblemDetails400, 401, 403, 404, 405,
// 409, 415, 423, 429, ProblemDetailsTraceId for the token request's 401, ProblemDetails for the others), which
// are closed (`additionalProperties: false`): no traceId on a 401 or a 403, no `errors` outside a 400. And the
// token endpoint never repeats a password or an MFA code in its 400s, 401s and 415s.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { createMockAppliance } from "../../src/mock/appliance.js";
import type { InProcessMockAppliance, MockApplianceOptions } from "../../src/mock/types.js";

const origin = "https://appliance.test";
const bearer = { authorization: "Bearer x" };
const listPath = "/api/v8.1/restorePoints/virtualMachines/snapshots";
const batchPath = "/api/v8.1/protectedItem/virtualMachines/deleteSnapshots";

/** Veeam's v8.1 document (OpenAPI 3.0: `nullable`), as the project keeps it beside the repository. */
const reference = JSON.parse(
  readFileSync(new URL("../fixtures/veeam-v8.1-problem-details.json", import.meta.url), "utf8"),
) as { openapi: string; components: { schemas: Record<string, unknown> } };
const referenceId = "https://veeam.test/vbaz_rest_v8.1.json";

const ajv = new Ajv({ allErrors: true });
// The document's `components` holds the schemas: a container the `$ref`s point into, not a keyword.
ajv.addKeyword("components");
ajv.addFormat("int32", {
  type: "number",
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addSchema({ $id: referenceId, components: reference.components });

type Shape =
  | "ProblemDetails400"
  | "ProblemDetails401"
  | "ProblemDetailsTraceId"
  | "ProblemDetails403"
  | "ProblemDetails404"
  | "ProblemDetails405"
  | "ProblemDetails409"
  | "ProblemDetails415"
  | "ProblemDetails423"
  | "ProblemDetails429"
  | "ProblemDetails";

const validators = new Map<Shape, ValidateFunction>();
/** The validator of Veeam's schema `shape`. */
function shapeOf(shape: Shape): ValidateFunction {
  let validate = validators.get(shape);
  if (!validate) {
    validate = ajv.compile({ $ref: `${referenceId}#/components/schemas/${shape}` });
    validators.set(shape, validate);
  }
  return validate;
}

const users = [
  { username: "backupadmin", password: "s3cret-Pw1" },
  { username: "mfa-admin", password: "an0ther-Pw2", mfaCode: "482913" },
] as const;

/** Everything secret the token requests below carry. */
const secrets = ["s3cret-Pw1", "an0ther-Pw2", "482913", "135790", "13579"];

async function send(
  mock: InProcessMockAppliance,
  method: string,
  path: string,
  { body, headers = bearer }: { body?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return mock.fetch(`${origin}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { ...bearer, "content-type": "application/json" },
});
const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

/** The `mfa_token` of the MFA user's first step. */
async function mfaToken(mock: InProcessMockAppliance): Promise<string> {
  const first = await send(
    mock,
    "POST",
    "/api/oauth2/token",
    form({ grant_type: "Password", username: "mfa-admin", password: "an0ther-Pw2" }),
  );
  expect(first.status).toBe(200);
  return ((await first.json()) as { mfa_token: string }).mfa_token;
}

interface Case {
  /** What the request is. */
  what: string;
  status: number;
  shape: Shape;
  options?: MockApplianceOptions;
  request: (mock: InProcessMockAppliance) => Promise<Response>;
}

const cases: Case[] = [
  {
    what: "a query parameter out of range (v8.1 Limit=-5)",
    status: 400,
    shape: "ProblemDetails400",
    request: (mock) => send(mock, "GET", `${listPath}?Limit=-5`),
  },
  {
    what: "a query parameter of the wrong type (v1 limit=abc)",
    status: 400,
    shape: "ProblemDetails400",
    request: (mock) => send(mock, "GET", "/api/v1/virtualMachineSnapshots?limit=abc"),
  },
  {
    what: "a body field of the wrong type (ids: [5])",
    status: 400,
    shape: "ProblemDetails400",
    request: (mock) => send(mock, "POST", batchPath, json({ ids: [5] })),
  },
  {
    what: "a body that is not JSON",
    status: 400,
    shape: "ProblemDetails400",
    request: (mock) =>
      send(mock, "POST", batchPath, {
        body: "{ids:",
        headers: { ...bearer, "content-type": "application/json" },
      }),
  },
  {
    what: "a token request missing a field",
    status: 400,
    shape: "ProblemDetails400",
    request: (mock) =>
      send(mock, "POST", "/api/oauth2/token", form({ grant_type: "Password", username: "u" })),
  },
  {
    what: "a request without an Authorization header",
    status: 401,
    shape: "ProblemDetails401",
    request: (mock) => send(mock, "GET", listPath, { headers: {} }),
  },
  {
    what: "a bearer token the appliance never issued",
    status: 401,
    shape: "ProblemDetails401",
    options: { users: [...users] },
    request: (mock) => send(mock, "GET", "/api/v1/virtualMachineSnapshots", { headers: bearer }),
  },
  {
    what: "a login with a wrong password",
    status: 401,
    shape: "ProblemDetailsTraceId",
    options: { users: [...users] },
    request: (mock) =>
      send(
        mock,
        "POST",
        "/api/oauth2/token",
        form({ grant_type: "Password", username: "backupadmin", password: "wrong-Pw" }),
      ),
  },
  {
    what: "a login with a wrong password on product 1.0 (API v1)",
    status: 401,
    shape: "ProblemDetailsTraceId",
    options: { product: "1.0", users: [users[0]] },
    request: (mock) =>
      send(
        mock,
        "POST",
        "/api/oauth2/token",
        form({ grant_type: "Password", username: "backupadmin", password: "wrong-Pw" }),
      ),
  },
  {
    what: "an MFA login's second step with a wrong code",
    status: 401,
    shape: "ProblemDetailsTraceId",
    options: { users: [...users] },
    request: async (mock) =>
      send(
        mock,
        "POST",
        "/api/oauth2/token",
        form({ grant_type: "Mfa", mfa_token: await mfaToken(mock), mfa_code: "135790" }),
      ),
  },
  {
    what: "a refresh token the appliance never issued",
    status: 401,
    shape: "ProblemDetailsTraceId",
    options: { users: [...users] },
    request: (mock) =>
      send(mock, "POST", "/api/oauth2/token", form({ grant_type: "Refresh_token", refresh_token: "nope" })),
  },
  {
    what: "a 403 fault",
    status: 403,
    shape: "ProblemDetails403",
    request: (mock) => {
      mock.control.fault({ operation: "deleteVirtualMachineSnapshots", status: 403, times: 1 });
      return send(mock, "POST", "/api/v8.1/protectedItem/virtualMachines/x/deleteSnapshots");
    },
  },
  {
    what: "a job session that does not exist (v8.1)",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "GET", "/api/v8.1/jobSessions/99"),
  },
  {
    what: "a job session that does not exist (v1)",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "GET", "/api/v1/jobSessions/99"),
  },
  {
    what: "a VM the appliance never had (v8.1)",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) =>
      send(mock, "POST", "/api/v8.1/protectedItem/virtualMachines/no-such-vm/deleteSnapshots"),
  },
  {
    what: "a VM the appliance never had (v1)",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "POST", "/api/v1/virtualMachines/no-such-vm/deleteSnapshots"),
  },
  {
    what: "a batch naming a VM the appliance never had",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "POST", batchPath, json({ ids: ["no-such-vm"] })),
  },
  {
    what: "a version prefix its product does not serve (v8.1 on product 7.0)",
    status: 404,
    shape: "ProblemDetails404",
    options: { product: "7.0" },
    request: (mock) => send(mock, "GET", listPath),
  },
  {
    what: "a version prefix no product serves (v5)",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "GET", "/api/v5/restorePoints/virtualMachines/snapshots"),
  },
  {
    what: "a path outside /api/<version>/",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "GET", "/elsewhere"),
  },
  {
    what: "a path no operation of a served version has",
    status: 404,
    shape: "ProblemDetails404",
    request: (mock) => send(mock, "GET", "/api/v8.1/nothing-here"),
  },
  {
    what: "a known path with the wrong method (DELETE on the list)",
    status: 405,
    shape: "ProblemDetails405",
    request: (mock) => send(mock, "DELETE", listPath),
  },
  {
    what: "a known path with the wrong method (GET on a v1 delete)",
    status: 405,
    shape: "ProblemDetails405",
    request: (mock) => send(mock, "GET", "/api/v1/virtualMachines/x/deleteSnapshots"),
  },
  {
    what: "a 409 fault",
    status: 409,
    shape: "ProblemDetails409",
    request: (mock) => {
      mock.control.fault({ operation: "batchDeleteVirtualMachineSnapshots", status: 409, times: 1 });
      return send(mock, "POST", batchPath, json({ ids: ["x"] }));
    },
  },
  {
    what: "a body of a media type the operation does not take (text/plain to a batch)",
    status: 415,
    shape: "ProblemDetails415",
    request: (mock) =>
      send(mock, "POST", batchPath, {
        body: JSON.stringify({ ids: ["x"] }),
        headers: { ...bearer, "content-type": "text/plain" },
      }),
  },
  {
    what: "a token request that is JSON, not form fields",
    status: 415,
    shape: "ProblemDetails415",
    request: (mock) =>
      send(mock, "POST", "/api/oauth2/token", {
        body: JSON.stringify({ grant_type: "Password", username: "u", password: "p" }),
        headers: { "content-type": "application/json" },
      }),
  },
  {
    what: "a 423 fault",
    status: 423,
    shape: "ProblemDetails423",
    request: (mock) => {
      mock.control.fault({ operation: "deleteVirtualMachineSnapshots", status: 423, times: 1 });
      return send(mock, "POST", "/api/v1/virtualMachines/x/deleteSnapshots");
    },
  },
  {
    what: "a 429 fault with Retry-After",
    status: 429,
    shape: "ProblemDetails429",
    request: (mock) => {
      mock.control.fault({ operation: "listVirtualMachineSnapshots", status: 429, retryAfter: 7, times: 1 });
      return send(mock, "GET", listPath);
    },
  },
  {
    what: "a 429 fault of the token endpoint",
    status: 429,
    shape: "ProblemDetails429",
    request: (mock) => {
      mock.control.fault({ operation: "createToken", status: 429, times: 1 });
      return send(
        mock,
        "POST",
        "/api/oauth2/token",
        form({ grant_type: "Password", username: "u", password: "p" }),
      );
    },
  },
  {
    what: "a 401 fault of the token endpoint",
    status: 401,
    shape: "ProblemDetailsTraceId",
    request: (mock) => {
      mock.control.fault({ operation: "createToken", status: 401, times: 1 });
      return send(
        mock,
        "POST",
        "/api/oauth2/token",
        form({ grant_type: "Password", username: "u", password: "p" }),
      );
    },
  },
  {
    what: "a 503 fault with Retry-After as a date",
    status: 503,
    shape: "ProblemDetails",
    request: (mock) => {
      mock.control.fault({ operation: "*", status: 503, retryAfter: new Date("2026-10-21T07:28:00Z") });
      return send(mock, "GET", "/api/v1/virtualMachineSnapshots");
    },
  },
  {
    what: "a 500 fault",
    status: 500,
    shape: "ProblemDetails",
    request: (mock) => {
      mock.control.fault({ operation: "getJobSession", status: 500 });
      return send(mock, "GET", "/api/v8.1/jobSessions/1");
    },
  },
  {
    what: "an answer of its own that breaks the spec",
    status: 500,
    shape: "ProblemDetails",
    request: async (mock) => {
      // Ten thousand years on, a date no longer fits the spec's date-time: the token's answer breaks its spec.
      mock.control.advance(10_000 * 365.25 * 86_400_000);
      return send(
        mock,
        "POST",
        "/api/oauth2/token",
        form({ grant_type: "Password", username: "u", password: "p" }),
      );
    },
  },
];

describe("Veeam's v8.1 document, as these tests read it", () => {
  it("is OpenAPI 3.0 and closes each problem shape, so a member too many fails it", () => {
    expect(reference.openapi).toMatch(/^3\.0\./);
    for (const shape of [
      "ProblemDetails400",
      "ProblemDetails401",
      "ProblemDetailsTraceId",
      "ProblemDetails403",
      "ProblemDetails404",
      "ProblemDetails405",
      "ProblemDetails409",
      "ProblemDetails415",
      "ProblemDetails423",
      "ProblemDetails429",
      "ProblemDetails",
    ] as const) {
      expect(shapeOf(shape)({ status: 400 }), shape).toBe(true);
      expect(shapeOf(shape)({ status: 400, unexpected: 1 }), shape).toBe(false);
    }
    // `nullable` is honoured: a null detail is allowed, a number is not.
    expect(shapeOf("ProblemDetails404")({ status: 404, detail: null })).toBe(true);
    expect(shapeOf("ProblemDetails404")({ status: 404, detail: 5 })).toBe(false);
  });
});

describe("the mock, answering an error", () => {
  it.each(cases.map((c): [string, number, Shape, Case] => [c.what, c.status, c.shape, c]))(
    "answers %s with %i, exactly Veeam's %s",
    async (_what, status, shape, { options, request }) => {
      const mock = await createMockAppliance(options);
      const response = await request(mock);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const body = (await response.json()) as Record<string, unknown>;
      const validate = shapeOf(shape);
      validate(body);
      expect(validate.errors ?? [], JSON.stringify(body)).toEqual([]);
      expect(body.status).toBe(status);
      expect(body.title).toEqual(expect.any(String));
      if (status !== 400) expect(body).not.toHaveProperty("errors");
      if ((status === 401 && shape === "ProblemDetails401") || status === 403) {
        expect(body).not.toHaveProperty("traceId");
      }
      if (
        shape === "ProblemDetailsTraceId" ||
        shape === "ProblemDetails400" ||
        shape === "ProblemDetails404"
      ) {
        expect(body.traceId).toEqual(expect.any(String));
      }
    },
  );

  it("sends Retry-After with a fault that gives one", async () => {
    const mock = await createMockAppliance();
    mock.control.fault({ operation: "listVirtualMachineSnapshots", status: 429, retryAfter: 7, times: 1 });
    expect((await send(mock, "GET", listPath)).headers.get("retry-after")).toBe("7");
    mock.control.fault({
      operation: "*",
      status: 503,
      retryAfter: new Date("2026-10-21T07:28:00Z"),
      times: 1,
    });
    expect((await send(mock, "GET", listPath)).headers.get("retry-after")).toBe(
      "Wed, 21 Oct 2026 07:28:00 GMT",
    );
  });

  it("names in a 400's errors the query parameter as the request spelt it, and the body field by its path", async () => {
    const mock = await createMockAppliance();
    const query = await (await send(mock, "GET", `${listPath}?Limit=-5`)).json();
    expect(Object.keys(query.errors)).toEqual(["Limit"]);
    expect(query.errors.Limit).toEqual([expect.stringContaining("-1")]);
    expect(query.detail).toContain("Limit");
    const v1 = await (await send(mock, "GET", "/api/v1/virtualMachineSnapshots?limit=0")).json();
    expect(Object.keys(v1.errors)).toEqual(["limit"]);
    const body = await (await send(mock, "POST", batchPath, json({ ids: ["vm-1", 5] }))).json();
    expect(Object.keys(body.errors)).toEqual(["ids[1]"]);
    expect(body.errors["ids[1]"]).toEqual([expect.stringContaining("string")]);
    const first = await (await send(mock, "POST", batchPath, json({ ids: [5] }))).json();
    expect(Object.keys(first.errors)).toEqual(["ids[0]"]);
  });

  it("names in a 404 for an unserved version the versions the product serves", async () => {
    const mock = await createMockAppliance({ product: "7.0" });
    const body = await (await send(mock, "GET", listPath)).json();
    expect(body.detail).toContain("v8.1");
    expect(body.detail).toContain("v7, v6");
    expect(body.instance).toBe(listPath);
  });
});

describe("the token endpoint's 400s, 401s and 415s", () => {
  interface TokenRequest {
    what: string;
    status: number;
    request: (mock: InProcessMockAppliance) => Promise<Response>;
  }
  const tokenRequests: TokenRequest[] = [
    {
      what: "a wrong password",
      status: 401,
      request: (mock) =>
        send(
          mock,
          "POST",
          "/api/oauth2/token",
          form({ grant_type: "Password", username: "backupadmin", password: "an0ther-Pw2" }),
        ),
    },
    {
      what: "an MFA user's wrong code",
      status: 401,
      request: async (mock) =>
        send(
          mock,
          "POST",
          "/api/oauth2/token",
          form({ grant_type: "Mfa", mfa_token: await mfaToken(mock), mfa_code: "135790" }),
        ),
    },
    {
      what: "an MFA code with an unknown mfa_token",
      status: 401,
      request: (mock) =>
        send(
          mock,
          "POST",
          "/api/oauth2/token",
          form({ grant_type: "Mfa", mfa_token: "nope", mfa_code: "482913" }),
        ),
    },
    {
      what: "an empty user name with a password",
      status: 400,
      request: (mock) =>
        send(
          mock,
          "POST",
          "/api/oauth2/token",
          form({ grant_type: "Password", username: "", password: "s3cret-Pw1" }),
        ),
    },
    {
      what: "a password grant that also carries an MFA code",
      status: 400,
      request: (mock) =>
        send(
          mock,
          "POST",
          "/api/oauth2/token",
          form({
            grant_type: "Password",
            username: "mfa-admin",
            password: "an0ther-Pw2",
            mfa_code: "482913",
          }),
        ),
    },
    {
      what: "an unknown grant with a password",
      status: 400,
      request: (mock) =>
        send(mock, "POST", "/api/oauth2/token", form({ grant_type: "Magic", password: "s3cret-Pw1" })),
    },
    {
      what: "an MFA grant without its token",
      status: 400,
      request: (mock) =>
        send(mock, "POST", "/api/oauth2/token", form({ grant_type: "Mfa", mfa_code: "13579" })),
    },
    {
      what: "a JSON body broken next to the password",
      // The token endpoint takes form fields only: another media type is a 415, before anything is parsed.
      status: 415,
      request: (mock) =>
        send(mock, "POST", "/api/oauth2/token", {
          body: `{"grant_type":"Password","username":"backupadmin","password":'s3cret-Pw1'}`,
          headers: { "content-type": "application/json" },
        }),
    },
    {
      what: "a JSON body broken next to the MFA code",
      // The token endpoint takes form fields only: another media type is a 415, before anything is parsed.
      status: 415,
      request: (mock) =>
        send(mock, "POST", "/api/oauth2/token", {
          body: `{"grant_type":"Mfa","mfa_token":"t","mfa_code":'482913'}`,
          headers: { "content-type": "application/json" },
        }),
    },
    {
      what: "form fields sent as text/plain",
      status: 415,
      request: (mock) =>
        send(mock, "POST", "/api/oauth2/token", {
          body: "password=s3cret-Pw1",
          headers: { "content-type": "text/plain" },
        }),
    },
  ];

  it.each(tokenRequests.map((c): [string, number, TokenRequest] => [c.what, c.status, c]))(
    "never repeat a password or an MFA code: %s (%i)",
    async (_what, status, { request }) => {
      const mock = await createMockAppliance({ users: [...users] });
      const response = await request(mock);
      expect(response.status).toBe(status);
      const text = await response.text();
      // Not even the start of one (an error message quoting a window of the body would cut it short).
      expect(
        secrets.filter((secret) => text.includes(secret.slice(0, 6))),
        text,
      ).toEqual([]);
    },
  );
});
