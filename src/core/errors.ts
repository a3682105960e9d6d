// The error hierarchy: one base class, so `catch (e) { if (e instanceof VeeamAzureError) ... }` catches
// everything this library throws on purpose. None of them holds a request, its headers or its body, so no
// token or password can reach a message, a stack or `util.inspect`.

/**
 * Base class of every error this library throws (except argument errors, which are `TypeError`/`RangeError`).
 *
 * @example
 * ```ts
 * try { await client.getJobSession("8"); }
 * catch (error) { if (error instanceof VeeamAzureError) console.error(error.message); else throw error; }
 * ```
 */
export class VeeamAzureError extends Error {
  /** @example "VeeamAzureError" */
  override name = "VeeamAzureError";
}

/** What identifies the request an error is about. */
export interface RequestDescription {
  /** HTTP method, such as `GET`. */
  method: string;
  /** The path actually requested, such as `/api/v1/jobSessions/8`. */
  path: string;
  /** The operation's path template in the spec, such as `/api/v1/jobSessions/{id}`, for grouping errors. */
  pathTemplate: string;
  /** The URL actually requested. */
  url: string;
}

/**
 * The appliance answered with an error status. `body` is the parsed problem details (or the text of a body
 * that was not JSON). The message reads like `GET /api/v1/jobSessions/8: 404 Not Found - <detail> (trace <id>)`.
 *
 * @example
 * ```ts
 * try { await client.getJobSession("8"); }
 * catch (error) { if (error instanceof ApiError && error.status === 404) console.log("no such session"); }
 * ```
 */
export class ApiError extends VeeamAzureError {
  override name = "ApiError";
  /** HTTP status code. @example 404 */
  declare readonly status: number;
  /** The response body: problem details as an object, or text when it was not JSON. */
  declare readonly body: unknown;
  /** HTTP method. @example "GET" */
  declare readonly method: string;
  /** The path requested. @example "/api/v1/jobSessions/8" */
  declare readonly path: string;
  /** The operation's path template in the spec, to group errors by operation. @example "/api/v1/jobSessions/{id}" */
  declare readonly pathTemplate: string;
  /** URL of the request. */
  declare readonly url: string;
  /** The appliance's id for the request (a request-id header, or the problem's `traceId`), if it gave one. @example "0HN7GQ3C5V1F2:00000001" */
  declare readonly requestId: string | undefined;
  /**
   * The problem's `traceId`, which the appliance logs with the request: quote it to Veeam support.
   * @default undefined (when the problem has none)
   * @example "0HN7GQ3C5V1F2:00000001"
   */
  declare readonly traceId: string | undefined;

  constructor(
    message: string,
    init: RequestDescription & {
      status: number;
      body: unknown;
      requestId?: string | undefined;
      traceId?: string | undefined;
    },
  ) {
    super(message);
    Object.assign(this, init);
  }
}

/**
 * The request did not get a response: connection refused or reset, DNS failure, TLS failure. `cause` says why.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof NetworkError && error.code === "ECONNREFUSED") console.error("is the appliance up?"); }
 * ```
 */
export class NetworkError extends VeeamAzureError {
  override name = "NetworkError";
  /** The system error code, where the runtime gives one. @example "ECONNREFUSED" */
  declare readonly code: string | undefined;

  constructor(message: string, code: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * An attempt, or a wait, took longer than its time limit.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof TimeoutError) console.error(`no answer within ${error.timeoutMs} ms`); }
 * ```
 */
export class TimeoutError extends VeeamAzureError {
  override name = "TimeoutError";
  /** The limit that was exceeded, in milliseconds. @example 30000 */
  declare readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options?: ErrorOptions) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A response the client cannot use: malformed JSON, an HTML page from a proxy, a body of the wrong shape, a
 * redirect to another origin, or a server that repeats a page while paging.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof InvalidResponseError) console.error(`not the appliance? ${error.message}`); }
 * ```
 */
export class InvalidResponseError extends VeeamAzureError {
  override name = "InvalidResponseError";
}

/**
 * The appliance asks for a multi-factor code to complete a login (a user with MFA, v6 and later), and
 * `credentials.mfaCode` was not given. Pass it: the code as a string, or a function that asks for it.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof MfaRequiredError) console.error("set credentials.mfaCode"); }
 * ```
 */
export class MfaRequiredError extends VeeamAzureError {
  override name = "MfaRequiredError";
  /** The user whose login needs a code. @example "backupadmin" */
  declare readonly username: string;

  /** @param message - Says what to pass; the login session writes it (the class holds no text of its own). */
  constructor(message: string, username: string) {
    super(message);
    this.username = username;
  }
}

/** What a job session has in every API version: what {@link JobSessionError} and waiting rely on. */
export interface JobSessionLike {
  /**
   * The session's id (v8.1's schema lets it be absent; the client refuses to wait for such a session).
   * @default undefined
   * @example "8"
   */
  id?: string | null | undefined;
  /**
   * What the session does.
   * @default undefined (not every version's session says)
   * @example "SnapshotDeletion"
   */
  type?: string | null | undefined;
  /** Its status. @example "Success" */
  status: string;
}

/**
 * A job session ended in a status that means the work was not done (`Error`, `Failed` or `Canceled` on v1;
 * `Error`, `Canceled` or `NeverExecuted` on v6 and later);
 * `session` is its final state.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof JobSessionError) console.error(`session ${error.session.id}: ${error.session.status}`); }
 * ```
 */
export class JobSessionError<TSession extends JobSessionLike = JobSessionLike> extends VeeamAzureError {
  override name = "JobSessionError";
  /** The session as last read. */
  declare readonly session: TSession;

  constructor(session: TSession) {
    super(
      `Job session ${session.id}${session.type ? ` (${session.type})` : ""} ended with status ${session.status}`,
    );
    this.session = session;
  }
}
