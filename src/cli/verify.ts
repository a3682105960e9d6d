// `vbazure verify`: a read-only contract check of a live appliance. It reads a few pages of the snapshot list and,
// given an id, one job session, through the client (same auth, retries, time limits, TLS), and validates each
// response (status, media type, body) against what the spec declares, reporting each deviation with its JSON path.
// It never deletes anything: it sends GETs only (and the token request, with --username).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { errorFromResponse } from "../core/errorFromResponse.js";
import { type ApiError, InvalidResponseError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { VeeamAzureClientV1 as VeeamAzureClient } from "../v1/client.js";
import { exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import {
  type Deviation,
  declaredResponse,
  deviations,
  type OpenApiDocument,
  schemaValidators,
} from "./specValidator.js";
import { asUsage, UsageError } from "./usageError.js";

/** The spec bundled with the package (`dist/openapi/v1.json`; from `src/cli/` in development, after a bundle). */
export const bundledSpecJsonPath: string = fileURLToPath(
  new URL("../../dist/openapi/v1.json", import.meta.url),
);

/** Options of `verify`. */
export interface VerifyOptions {
  /** Pages of the snapshot list to check at most. */
  pages: number;
  pageSize: number;
  /** The job session to read, if any. */
  sessionId: string | undefined;
  /** Path of the bundled spec (JSON). */
  spec: string;
  output: "text" | "json";
}

/** One response checked. */
export interface Check {
  /** Such as `GET /api/v1/virtualMachineSnapshots?offset=0&limit=30`. */
  request: string;
  status: number | null;
  deviations: Deviation[];
}

const list = "/api/v1/virtualMachineSnapshots";
const read = "/api/v1/jobSessions/{id}";

async function loadSpec(path: string): Promise<OpenApiDocument> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--spec ${path}: cannot read the spec (${(error as Error).message})`, {
      cause: error,
    });
  }
}

const mediaType = (value: string | null) => value?.split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Checks the appliance and prints what it found. Returns the exit code: 0 when every response matches the spec,
 * 4 when some deviate, 1 when the appliance answered a check with an error status (which it may well declare).
 *
 * @example
 * ```ts
 * const code = await verify(client, { pages: 3, pageSize: 30, sessionId: "8", spec: bundledSpecJsonPath, output: "text" }, io, signal);
 * ```
 */
export async function verify(
  client: VeeamAzureClient,
  options: VerifyOptions,
  io: Io,
  signal: AbortSignal,
): Promise<number> {
  if (options.sessionId !== undefined) asUsage("--session-id", () => requireId(options.sessionId, "id"));
  const spec = await loadSpec(options.spec);
  const validators = schemaValidators(spec);
  const checks: Check[] = [];
  const failures: ApiError[] = [];

  // One response against what `operationId` declares for its status; returns the parsed body if it is JSON.
  const judge = (operationId: string, request: string, response: Response, body: unknown): unknown => {
    const check: Check = { request, status: response.status, deviations: [] };
    checks.push(check);
    const found = (message: string, path = "$") => check.deviations.push({ path, message });
    const declared = declaredResponse(spec, operationId, String(response.status));
    if (!declared) {
      found(`status ${response.status} is not a response the spec declares for ${operationId}`);
      return undefined;
    }
    const type = mediaType(response.headers.get("content-type"));
    if (type !== declared.mediaType)
      found(`media type ${type || "(none)"}; the spec declares ${declared.mediaType}`);
    let parsed = body;
    if (response.ok) {
      try {
        parsed = JSON.parse(body as string);
      } catch (error) {
        found(`the body is not JSON (${(error as Error).message})`);
        return undefined;
      }
    }
    check.deviations.push(...deviations(validators(declared.schemaRef), parsed));
    if (!response.ok)
      failures.push(
        errorFromResponse(
          {
            method: "GET",
            path: new URL(response.url).pathname,
            pathTemplate: declared.path,
            url: response.url,
          },
          response,
          parsed,
        ),
      );
    return parsed;
  };
  // A response the client could not use at all (a redirect, which it never follows) is a deviation too.
  const attempt = async (
    request: string,
    call: () => Promise<{ response: Response; data?: unknown; error?: unknown }>,
  ) => {
    try {
      const { response, data, error } = await call();
      return { response, body: response.ok ? data : error };
    } catch (error) {
      if (!(error instanceof InvalidResponseError)) throw error;
      checks.push({ request, status: null, deviations: [{ path: "$", message: error.message }] });
      return undefined;
    }
  };

  for (let page = 0, offset = 0; page < options.pages; page++) {
    const query = { offset, limit: options.pageSize };
    const request = `GET ${list}?offset=${offset}&limit=${options.pageSize}`;
    const answer = await attempt(request, () =>
      client.api.GET(list, { params: { query }, parseAs: "text", signal }),
    );
    if (!answer) break;
    const body = judge("listVirtualMachineSnapshots", request, answer.response, answer.body);
    const results = (body as { results?: unknown } | undefined)?.results;
    if (!answer.response.ok || !Array.isArray(results) || results.length < options.pageSize) break;
    offset += results.length;
  }
  if (options.sessionId !== undefined) {
    const id = options.sessionId;
    const request = `GET ${read.replace("{id}", encodeURIComponent(id))}`;
    const answer = await attempt(request, () =>
      client.api.GET(read, { params: { path: { id } }, parseAs: "text", signal }),
    );
    if (answer) judge("getJobSession", request, answer.response, answer.body);
  }

  report(io, options, checks);
  const deviating = checks.some((check) => check.deviations.length > 0);
  if (deviating) return exitCodes.deviations;
  if (failures[0]) throw failures[0];
  return exitCodes.ok;
}

function report(io: Io, options: VerifyOptions, checks: Check[]): void {
  const deviating = checks.filter((check) => check.deviations.length > 0);
  if (options.output === "json") {
    writeLine(io.stdout, JSON.stringify({ matches: deviating.length === 0, checks }, null, 2));
    return;
  }
  for (const check of checks) {
    const status = check.status === null ? "" : ` -> ${check.status}`;
    writeLine(io.stdout, `${check.deviations.length ? "DEVIATES" : "ok      "}  ${check.request}${status}`);
    for (const { path, message } of check.deviations) writeLine(io.stdout, `            ${path}: ${message}`);
  }
  if (options.sessionId === undefined) {
    writeLine(io.stdout, `skipped   GET ${read} (pass --session-id <id> to check it)`);
  }
  const count = deviating.reduce((sum, check) => sum + check.deviations.length, 0);
  writeLine(
    io.stdout,
    count === 0
      ? `The appliance matches the spec (${checks.length} responses checked).`
      : `Found ${count} deviation${count === 1 ? "" : "s"} from the spec in ${deviating.length} of ${checks.length} responses.`,
  );
}
