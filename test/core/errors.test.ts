// The error hierarchy: every class has its own name, is a VeeamAzureError and an Error, and keeps what it is given.
import { describe, expect, it } from "vitest";
import {
  ApiError,
  InvalidResponseError,
  JobSessionError,
  NetworkError,
  TimeoutError,
  VeeamAzureError,
} from "../../src/core/errors.js";

const request = {
  method: "GET",
  path: "/api/v1/jobSessions/8",
  pathTemplate: "/api/v1/jobSessions/{id}",
  url: "https://appliance.test/api/v1/jobSessions/8",
};

describe("the error classes", () => {
  it.each([
    ["VeeamAzureError", new VeeamAzureError("m")],
    ["ApiError", new ApiError("m", { ...request, status: 404, body: undefined })],
    ["NetworkError", new NetworkError("m", undefined)],
    ["TimeoutError", new TimeoutError("m", 1)],
    ["InvalidResponseError", new InvalidResponseError("m")],
    ["JobSessionError", new JobSessionError({ id: "8", status: "Failed" })],
  ])("%s has its own name and is a VeeamAzureError", (name, error) => {
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(VeeamAzureError);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });

  it("keeps the message and the options of Error", () => {
    const cause = new Error("root");
    const error = new VeeamAzureError("something failed", { cause });
    expect(error.message).toBe("something failed");
    expect(error.cause).toBe(cause);
  });
});

describe("ApiError", () => {
  it("holds the request, the status, the body and the request id", () => {
    const body = { title: "Not Found" };
    const error = new ApiError("GET /api/v1/jobSessions/8: 404 Not Found", {
      ...request,
      status: 404,
      body,
      requestId: "req-1",
    });
    expect(error.message).toBe("GET /api/v1/jobSessions/8: 404 Not Found");
    expect(error).toMatchObject({ ...request, status: 404, requestId: "req-1" });
    expect(error.body).toBe(body);
  });

  it("has no request id when none was given", () => {
    const error = new ApiError("m", { ...request, status: 500, body: "down" });
    expect(error.requestId).toBeUndefined();
    expect(error.body).toBe("down");
  });
});

describe("NetworkError", () => {
  it("holds the system error code and the cause", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const error = new NetworkError("GET /api/v1/jobSessions/8: connection refused", "ECONNREFUSED", {
      cause,
    });
    expect(error.message).toBe("GET /api/v1/jobSessions/8: connection refused");
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.cause).toBe(cause);
    expect(new NetworkError("m", undefined).code).toBeUndefined();
  });
});

describe("TimeoutError", () => {
  it("holds the limit that was exceeded and the cause", () => {
    const cause = new DOMException("timed out", "TimeoutError");
    const error = new TimeoutError("no answer within 30000 ms", 30_000, { cause });
    expect(error.message).toBe("no answer within 30000 ms");
    expect(error.timeoutMs).toBe(30_000);
    expect(error.cause).toBe(cause);
  });
});

describe("JobSessionError", () => {
  it("names the session, its type and its status", () => {
    const session = { id: "8", type: "SnapshotDeletion", status: "Failed", extra: true };
    const error = new JobSessionError(session);
    expect(error.message).toBe("Job session 8 (SnapshotDeletion) ended with status Failed");
    expect(error.session).toBe(session);
  });

  it.each([
    ["no type", { id: "9", status: "Canceled" }],
    ["an empty type", { id: "9", type: "", status: "Canceled" }],
  ])("leaves the type out when the session has %s", (_, session) => {
    expect(new JobSessionError(session).message).toBe("Job session 9 ended with status Canceled");
  });
});
