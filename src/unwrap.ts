// Turns what openapi-fetch returns into the data, or into the right typed error.
import { receivedJson } from "./attempt.js";
import { errorFromResponse } from "./errorFromResponse.js";
import { InvalidResponseError } from "./errors.js";

interface Result {
  error?: unknown;
  response: Response;
}

/**
 * Openapi-fetch options for a call whose result goes to {@link unwrap}: openapi-fetch leaves a successful body
 * unread, and unwrap parses it from the bytes the attempt already holds (see `receivedJson`).
 */
export const forUnwrap = { parseAs: "stream" } as const;

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
export async function unwrap<T>(method: string, path: string, pending: Promise<Result>): Promise<T> {
  // A malformed JSON body surfaces as a bare SyntaxError, from JSON.parse (here, or in openapi-fetch for a call
  // made without forUnwrap).
  const notJson = (error: unknown) =>
    error instanceof SyntaxError
      ? new InvalidResponseError(`${method} ${path}: the response is not valid JSON (${error.message})`, {
          cause: error,
        })
      : error;
  const { error, response } = await pending.catch((cause: unknown) => Promise.reject(notJson(cause)));
  if (!response.ok) throw errorFromResponse({ method, path, url: response.url }, response, error);
  const data = await receivedJson(response).catch((cause: unknown) => Promise.reject(notJson(cause)));
  if (data === undefined) {
    throw new InvalidResponseError(
      `${method} ${path}: ${response.status} with an empty body where JSON was due`,
    );
  }
  return data as T;
}
