// Turns what openapi-fetch returns into the data, or into the right typed error.
import { errorFromResponse } from "./errorFromResponse.js";
import { InvalidResponseError } from "./errors.js";

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Resolves with the body of a successful response, or rejects with an `ApiError` (error status),
 * an `InvalidResponseError` (malformed JSON or no body where one was due) or whatever the policies threw.
 *
 * @example
 * ```ts
 * const session = await unwrap("GET", "/api/v1/jobSessions/{id}", api.GET("/api/v1/jobSessions/{id}", init));
 * ```
 */
export async function unwrap<T>(method: string, path: string, pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    // openapi-fetch parses JSON bodies itself: a malformed one surfaces as a bare SyntaxError.
    if (error instanceof SyntaxError) {
      throw new InvalidResponseError(`${method} ${path}: the response is not valid JSON (${error.message})`, {
        cause: error,
      });
    }
    throw error;
  }
  const { data, error, response } = result;
  if (!response.ok) throw errorFromResponse({ method, path, url: response.url }, response, error);
  if (data === undefined) {
    throw new InvalidResponseError(
      `${method} ${path}: ${response.status} with an empty body where JSON was due`,
    );
  }
  return data;
}
