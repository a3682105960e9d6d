// Error bodies with exactly the fields Veeam's v8.1 document gives each status (its ProblemDetails400, 401,
// 403, 404, 405, 409, 415, 423, 424, 429 and ProblemDetailsTraceId schemas; versions.md, "Errors"): no traceId
// on a 401 or 403, no `errors` outside a 400. The v1 pages document no error bodies; the v1 spec assumes the same shapes.

/** A problem details body (RFC 9457), as the mock sends it. */
export type Problem = Record<string, unknown> & { status: number; title: string };

const titles: Record<number, string> = {
  400: "One or more validation errors occurred.",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  423: "Locked",
  424: "Failed Dependency",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const typeOf = (status: number) =>
  status === 400 ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : `https://httpstatuses.io/${status}`;

/** What a problem says, beyond its status. */
export interface ProblemFacts {
  /** The sentence that says what was wrong. */
  detail: string;
  /** The request path, for the statuses whose shape carries `instance`. */
  instance: string;
  /** The trace id, for the statuses whose shape carries one. */
  traceId: string;
  /** Per field (parameter or body property), what was wrong with it: only a 400 carries them. */
  errors?: Record<string, string[]>;
  /** A 401 of the token endpoint, whose shape (ProblemDetailsTraceId) differs from other 401s. */
  tokenEndpoint?: boolean;
}

/**
 * The problem body of `status`, shaped as Veeam's document shapes that status.
 *
 * @example
 * ```ts
 * problem(404, { detail: "No job session 99.", instance: "/api/v8.1/jobSessions/99", traceId: "0HN..." });
 * ```
 */
export function problem(status: number, facts: ProblemFacts): Problem {
  const title = titles[status] ?? (status >= 500 ? "Server Error" : "Client Error");
  const type = typeOf(status);
  const { detail, instance, traceId } = facts;
  switch (status) {
    case 400:
      return { type, title, status, detail, traceId, errors: facts.errors ?? {} };
    case 401:
      return facts.tokenEndpoint
        ? { type, title, status, detail, instance, traceId }
        : { type, title, status, detail, extensions: {} };
    case 403:
      return { type, title, status, extensions: {}, licenseAgreementAcceptanceRequired: false };
    case 429:
      return { status, title, traceId, detail };
    case 404:
    case 405:
      return { type, title, status, detail, instance, traceId };
    case 409:
      // Veeam's conflict names the resource and the session in the way; a fault has neither.
      return { type, title, status, detail, instance, traceId, resourceId: null, sessionId: null };
    case 423:
      return { type, title, status, detail, instance, traceId };
    case 415:
    case 424:
      // Veeam's ProblemDetails415 and 424 carry no detail: what the endpoint takes is in the spec.
      return { type, title, status, traceId };
    default:
      return { type, title, status, detail, instance, extensions: {} };
  }
}
