// Turns what openapi-fetch returns into the data, or into the right typed error.
import { receivedText, textOnly } from "./attempt.js";
import { errorFromResponse } from "./errorFromResponse.js";
import { InvalidResponseError } from "./errors.js";

// What openapi-fetch returns for a call made with forUnwrap; a call without it does not type-check.
interface Result {
  data?: ReadableStream<Uint8Array> | null;
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

/**
 * Openapi-fetch options for a call whose result goes to {@link unwrap}: openapi-fetch leaves a successful body
 * unread, and unwrap parses the text the attempt already decoded (see `receivedText`).
 */
export const forUnwrap = { parseAs: "stream", ...textOnly } as const;

/**
 * Resolves with the JSON body of a successful response, or rejects with an `ApiError` (error status), an
 * `InvalidResponseError` (malformed JSON or no body where one was due) or whatever the policies threw. Pass
 * {@link forUnwrap} in the call's options, so that openapi-fetch does not parse the body a second time.
 *
 * @example
 * ```ts
 * const session = await unwrap<JobSession>("GET", path, api.GET(path, { ...forUnwrap, params }));
 * ```
 */
export async function unwrap<T>(
  method: string,
  path: string,
  pending: Promise<Result>,
  shape?: Shape<T>,
): Promise<T> {
  const { error, response } = await pending;
  if (!response.ok) throw errorFromResponse({ method, path, url: response.url }, response, error);
  const text = await receivedText(response);
  if (!text) {
    throw new InvalidResponseError(
      `${method} ${path}: ${response.status} with an empty body where JSON was due`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidResponseError(
      `${method} ${path}: the response is not valid JSON (${(cause as Error).message})`,
      { cause },
    );
  }
  if (shape && !shape.valid(value))
    throw new InvalidResponseError(`${method} ${path}: the response is not ${shape.what}`);
  return value as T;
}
