// The one factory that turns an error response into an ApiError with a message a person can act on.
import { ApiError, type RequestDescription } from "./errors.js";

const snippet = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
};

function describe(body: unknown, contentType: string, reason: string): string {
  if (typeof body === "string") {
    if (contentType.includes("html") || /^\s*</.test(body)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
      return `an HTML page${title ? ` ("${snippet(title)}")` : ""}, not the appliance's JSON: is a proxy in the way?`;
    }
    return snippet(body);
  }
  if (body && typeof body === "object") {
    const problem = body as { detail?: unknown; title?: unknown; errors?: unknown };
    // The title, unless it already stands as the reason phrase.
    const text =
      typeof problem.detail === "string"
        ? problem.detail
        : typeof problem.title === "string" && problem.title !== reason
          ? problem.title
          : "";
    const fields =
      problem.errors && typeof problem.errors === "object"
        ? Object.entries(problem.errors).map(
            ([field, messages]) => `${field}: ${[messages].flat().join(" ")}`,
          )
        : [];
    return [text, ...fields].filter(Boolean).join("; "); // anything else stays in ApiError.body
  }
  return "";
}

function traceIdOf(body: unknown): string | undefined {
  const traceId = (body as { traceId?: unknown } | undefined)?.traceId;
  return typeof traceId === "string" && traceId !== "" ? traceId : undefined;
}

/**
 * Makes the {@link ApiError} for an error response whose body has been read (`body`: parsed JSON, or text). The
 * message names the path requested, the status, what the appliance said, and its trace id where it gave one.
 *
 * @example
 * ```ts
 * const request = { method: "GET", path: "/api/v1/jobSessions/8", pathTemplate: "/api/v1/jobSessions/{id}", url };
 * errorFromResponse(request, response, { title: "Not Found", detail: "No session 8.", traceId: "0HN7GQ3C5V1F2" });
 * // ApiError: GET /api/v1/jobSessions/8: 404 Not Found - No session 8. (trace 0HN7GQ3C5V1F2)
 * ```
 */
export function errorFromResponse(request: RequestDescription, response: Response, body: unknown): ApiError {
  // HTTP/2 carries no reason phrase; a problem's title is the same words ("Not Found").
  const title = (body as { title?: unknown } | undefined)?.title;
  const reason = response.statusText || (typeof title === "string" ? title : "");
  const detail = describe(body, response.headers.get("content-type") ?? "", reason);
  const traceId = traceIdOf(body);
  // The problem's trace id is the one the appliance logs; a gateway's request id where it has none.
  const requestId = response.headers.get("x-request-id") ?? traceId;
  const trace = traceId ?? requestId;
  return new ApiError(
    `${request.method} ${request.path}: ${response.status}${reason && ` ${reason}`}${detail && ` - ${detail}`}${trace ? ` (trace ${trace})` : ""}`,
    { ...request, status: response.status, body, requestId, traceId },
  );
}
