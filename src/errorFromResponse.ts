// The one factory that turns an error response into an ApiError with a message a person can act on.
import { ApiError, type RequestDescription } from "./errors.js";

// HTTP/2 responses carry no reason phrase; these are the ones this API can answer with.
const reasons: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  423: "Locked",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const snippet = (text: string, max = 200) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
};

function describe(body: unknown, contentType: string): string {
  if (typeof body === "string") {
    if (contentType.includes("html") || /^\s*</.test(body)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
      return `the server answered with an HTML page${title ? ` ("${snippet(title, 80)}")` : ""}, not the appliance's JSON; is a proxy or load balancer in the way?`;
    }
    return snippet(body);
  }
  if (body && typeof body === "object") {
    const problem = body as { detail?: unknown; title?: unknown; errors?: unknown };
    const text =
      typeof problem.detail === "string"
        ? problem.detail
        : typeof problem.title === "string"
          ? problem.title
          : "";
    const fields =
      problem.errors && typeof problem.errors === "object"
        ? Object.entries(problem.errors).map(
            ([field, messages]) => `${field}: ${[messages].flat().join(" ")}`,
          )
        : [];
    return [text, ...fields].filter(Boolean).join("; ") || snippet(JSON.stringify(body));
  }
  return "";
}

function requestIdOf(response: Response, body: unknown): string | undefined {
  const header = response.headers.get("x-request-id") ?? response.headers.get("request-id");
  if (header) return header;
  const traceId = body && typeof body === "object" ? (body as { traceId?: unknown }).traceId : undefined;
  return typeof traceId === "string" ? traceId : undefined;
}

/**
 * Makes the {@link ApiError} for an error response whose body has been read (`body`: parsed JSON, or text).
 *
 * @example
 * ```ts
 * errorFromResponse({ method: "GET", path: "/api/v1/jobSessions/{id}", url }, response, { title: "Not Found" });
 * // ApiError: GET /api/v1/jobSessions/{id}: 404 Not Found - Not Found
 * ```
 */
export function errorFromResponse(request: RequestDescription, response: Response, body: unknown): ApiError {
  const reason = response.statusText || reasons[response.status] || "Error";
  const detail = describe(body, response.headers.get("content-type") ?? "");
  return new ApiError(
    `${request.method} ${request.path}: ${response.status} ${reason}${detail ? ` - ${detail}` : ""}`,
    {
      ...request,
      status: response.status,
      body,
      requestId: requestIdOf(response, body),
    },
  );
}
