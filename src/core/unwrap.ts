// The methods' rules for a response, applied to what openapi-fetch returns: an error status is an ApiError; a
// success must carry JSON (not a proxy's login page) of the shape the method relies on. `client.api` callers get
// openapi-fetch's own `{ data, error, response }` and none of this.
import { errorFromResponse } from "./errorFromResponse.js";
import { InvalidResponseError } from "./errors.js";

/** What openapi-fetch returns for a call made with `parseAs: "text"`. */
export interface TextResult {
  data?: string | undefined;
  error?: unknown;
  response: Response;
}

/** What a response body must look like for the client to use it (the least its code relies on). */
export interface Shape<T> {
  /** What it is, and what it lacks when it is not, for the error message. @example "a job session (no id or status)" */
  what: string;
  /** Whether `value` is one. */
  valid(value: unknown): value is T;
}

/** The operation a call is for: its method and its path template in the spec. */
export interface Operation {
  /** @example "GET" */
  method: string;
  /** @example "/api/v1/jobSessions/{id}" */
  pathTemplate: string;
  /**
   * Its successful answers carry secrets (the token operation's tokens), so an error never quotes them.
   * @default false
   */
  secret?: boolean | undefined;
}

/**
 * Openapi-fetch options for a call whose result goes to {@link unwrap}: the body comes as text (a
 * BufferedResponse serves it without a second read), and unwrap parses it.
 */
export const asText = { parseAs: "text" } as const;

// The path requested; the template where the response does not say (one a middleware made has no URL).
const pathOf = (url: string, template: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return template;
  }
};

/**
 * Resolves with the JSON body of a successful response, or rejects with an `ApiError` (error status), an
 * `InvalidResponseError` (not JSON, malformed JSON, no body where one was due, or not of `shape`) or whatever the
 * pipeline threw.
 *
 * @example
 * ```ts
 * const session = await unwrap(operation, api.GET(path, { ...asText, params }), sessionShape);
 * ```
 */
export async function unwrap<T>(
  operation: Operation,
  pending: Promise<TextResult>,
  shape: Shape<T>,
): Promise<T> {
  return checked(operation, await pending, shape);
}

/**
 * Like {@link unwrap}, for an operation that may answer 204 No Content (v6+ deletes with nothing to delete):
 * resolves with null then.
 *
 * @example
 * ```ts
 * const session = await unwrapOrNoContent(operation, api.POST(path, { ...asText, params }), sessionShape);
 * ```
 */
export async function unwrapOrNoContent<T>(
  operation: Operation,
  pending: Promise<TextResult>,
  shape: Shape<T>,
): Promise<T | null> {
  const result = await pending;
  return result.response.status === 204 ? null : checked(operation, result, shape);
}

function checked<T>(operation: Operation, result: TextResult, shape: Shape<T>): T {
  const { data, error, response } = result;
  const { method, pathTemplate } = operation;
  // The path requested, for messages only: the URL is parsed only on the way to an error.
  const label = () => `${method} ${pathOf(response.url, pathTemplate)}`;
  if (!response.ok) {
    const request = { method, path: pathOf(response.url, pathTemplate), pathTemplate, url: response.url };
    throw errorFromResponse(request, response, error);
  }
  const type = response.headers.get("content-type");
  if (data && type && !/json/i.test(type)) {
    const quoted = operation.secret ? "" : `: ${data.slice(0, 200).replace(/\s+/g, " ")}`;
    throw new InvalidResponseError(
      `${label()}: ${response.status} with ${type} instead of JSON (a proxy or login page?)${quoted}`,
    );
  }
  if (!data)
    throw new InvalidResponseError(`${label()}: ${response.status} with an empty body where JSON was due`);
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    // V8's message quotes the text around the error: not for an answer that holds tokens.
    if (operation.secret) throw new InvalidResponseError(`${label()}: the response is not valid JSON`);
    throw new InvalidResponseError(
      `${label()}: the response is not valid JSON (${(cause as Error).message})`,
      { cause },
    );
  }
  if (!shape.valid(value)) throw new InvalidResponseError(`${label()}: the response is not ${shape.what}`);
  return value;
}
