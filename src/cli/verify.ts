// `vbazure verify`: a read-only contract check of a live appliance. It reads a few pages of the snapshot list, from
// v6 on the product's versions (system/about), and given an id one job session, through the client (same auth,
// retries, time limits, TLS), and validates each response (status, media type, body) against what the spec of the
// API version in use declares (verifySpec.ts), reporting each deviation with its JSON path. It never deletes
// anything: it sends GETs only (and the token request, with --username).
import { bindingFor } from "../bindingFor.js";
import { errorFromResponse } from "../core/errorFromResponse.js";
import { type ApiError, InvalidResponseError } from "../core/errors.js";
import { requireId } from "../core/validation.js";
import type { Connected } from "./connect.js";
import { exitCodes } from "./exitCodes.js";
import { type Io, writeLine } from "./io.js";
import { type Deviation, declaredResponse, deviations, schemaValidators } from "./specValidator.js";
import { asUsage } from "./usageError.js";
import { bundledSpecFor, readSpec, requireSpecFor, specFamilyOf } from "./verifySpec.js";

/** Options of `verify`. */
export interface VerifyOptions {
  /** Pages of the snapshot list to check at most. */
  pages: number;
  /**
   * Items per page.
   * @default undefined (the version's page size: 100, 30 on v1)
   */
  pageSize: number | undefined;
  /** The job session to read, if any. */
  sessionId: string | undefined;
  /**
   * Path of a bundled spec (JSON) to check against.
   * @default undefined (the package's spec of the version in use)
   */
  spec: string | undefined;
  output: "text" | "json";
}

/** One response checked. */
export interface Check {
  /** Such as `GET /api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100`. */
  request: string;
  status: number | null;
  deviations: Deviation[];
}

// The untyped view of `client.api`: verify sends the version's paths, which it knows only at run time.
interface UntypedApi {
  GET(
    path: string,
    init: { params?: Record<string, unknown>; parseAs: "text"; signal: AbortSignal },
  ): Promise<{ response: Response; data?: unknown; error?: unknown }>;
}

const mediaType = (value: string | null) => value?.split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * Checks the appliance and prints what it found. Returns the exit code: 0 when every response matches the spec,
 * 4 when some deviate, 1 when the appliance answered a check with an error status (which it may well declare).
 * A --spec file is read before `connect` is called (so before any request); the bundled spec once the version
 * is known.
 *
 * @example
 * ```ts
 * const code = await verify(connect, { pages: 3, pageSize: undefined, sessionId: "8", spec: undefined, output: "text" }, io, signal);
 * ```
 */
export async function verify(
  connect: () => Promise<Connected>,
  options: VerifyOptions,
  io: Io,
  signal: AbortSignal,
): Promise<number> {
  if (options.sessionId !== undefined) asUsage("--session-id", () => requireId(options.sessionId, "id"));
  const given =
    options.spec === undefined ? undefined : await readSpec(options.spec, `--spec ${options.spec}`);
  const { client, apiVersion } = await connect();
  const file = options.spec ?? bundledSpecFor(apiVersion);
  const what = options.spec === undefined ? `the bundled spec ${file}` : `--spec ${file}`;
  const spec = given ?? (await readSpec(file, what));
  requireSpecFor(spec, apiVersion, what);
  const binding = bindingFor(apiVersion);
  const { list, jobSession, systemInfo } = binding.paths;
  const pageSize = options.pageSize ?? binding.defaultPageSize;
  const api = client.api as UntypedApi;
  const validators = schemaValidators(spec);
  const checks: Check[] = [];
  const failures: ApiError[] = [];

  // One response against what `operationId` declares for its status; returns the parsed body if it is JSON.
  const judge = (
    operationId: string,
    pathTemplate: string,
    request: string,
    response: Response,
    body: unknown,
  ): unknown => {
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
            // The version's own (v6 to v8 use the v8.1 spec, whose paths say v8.1).
            pathTemplate,
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
    const query = binding.listQuery(offset, pageSize, {});
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
    const request = `GET ${list}?${search}`;
    const answer = await attempt(request, () =>
      api.GET(list, { params: { query }, parseAs: "text", signal }),
    );
    if (!answer) break;
    const body = judge("listVirtualMachineSnapshots", list, request, answer.response, answer.body);
    const results = (body as { results?: unknown } | undefined)?.results;
    if (!answer.response.ok || !Array.isArray(results) || results.length < pageSize) break;
    offset += results.length;
  }
  if (systemInfo !== undefined) {
    const request = `GET ${systemInfo}`;
    const answer = await attempt(request, () => api.GET(systemInfo, { parseAs: "text", signal }));
    if (answer) judge("getSystemInfo", systemInfo, request, answer.response, answer.body);
  }
  if (options.sessionId !== undefined) {
    const id = options.sessionId;
    const parameter = `{${binding.jobSessionParameter}}`;
    const request = `GET ${jobSession.replace(parameter, encodeURIComponent(id))}`;
    const answer = await attempt(request, () =>
      api.GET(jobSession, {
        params: { path: { [binding.jobSessionParameter]: id } },
        parseAs: "text",
        signal,
      }),
    );
    if (answer) judge("getJobSession", jobSession, request, answer.response, answer.body);
  }

  report(io, { ...options, jobSession, family: specFamilyOf(apiVersion), apiVersion }, checks);
  const deviating = checks.some((check) => check.deviations.length > 0);
  if (deviating) return exitCodes.deviations;
  if (failures[0]) throw failures[0];
  return exitCodes.ok;
}

interface Report extends VerifyOptions {
  apiVersion: string;
  /** The spec's version. */
  family: string;
  jobSession: string;
}

function report(io: Io, options: Report, checks: Check[]): void {
  const deviating = checks.filter((check) => check.deviations.length > 0);
  if (options.output === "json") {
    const { apiVersion, family } = options;
    writeLine(
      io.stdout,
      JSON.stringify({ matches: deviating.length === 0, apiVersion, spec: family, checks }, null, 2),
    );
    return;
  }
  for (const check of checks) {
    const status = check.status === null ? "" : ` -> ${check.status}`;
    writeLine(io.stdout, `${check.deviations.length ? "DEVIATES" : "ok      "}  ${check.request}${status}`);
    for (const { path, message } of check.deviations) writeLine(io.stdout, `            ${path}: ${message}`);
  }
  if (options.sessionId === undefined) {
    writeLine(io.stdout, `skipped   GET ${options.jobSession} (pass --session-id <id> to check it)`);
  }
  const count = deviating.reduce((sum, check) => sum + check.deviations.length, 0);
  const responses = `${checks.length} response${checks.length === 1 ? "" : "s"}`;
  writeLine(
    io.stdout,
    count === 0
      ? `The appliance matches the ${options.family} spec (${responses} checked).`
      : `Found ${count} deviation${count === 1 ? "" : "s"} from the ${options.family} spec in ${deviating.length} of ${responses}.`,
  );
}
