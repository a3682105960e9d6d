// The answers of the mock server's own routes: JSON, and RFC 9457 problem details for what went wrong, the
// media type the appliance itself uses for its errors.

/**
 * A JSON answer with `status`.
 *
 * @example
 * ```ts
 * return jsonResponse(200, { now: control.now().toISOString() });
 * ```
 */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/**
 * An `application/problem+json` answer: `{ title, status, detail }`.
 *
 * @example
 * ```ts
 * return problemResponse(400, "Bad Request", "POST /_mock/clock/advance: ms must be >= 0");
 * ```
 */
export function problemResponse(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ title, status, detail }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}
