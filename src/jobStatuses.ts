// The statuses that end a job session in any API version, for callers that poll on their own.
import * as v1 from "./v1/jobStatuses.js";
import * as v8 from "./v8_1/jobStatuses.js";

/**
 * Statuses after which a job session changes no more, in any version: `Success`, `Warning`, `Error`, `Canceled`,
 * `Failed` (v1) and `NeverExecuted` (v6 and later).
 * @example finalStatuses.has(session.status)
 */
export const finalStatuses: ReadonlySet<string> = new Set([...v1.finalStatuses, ...v8.finalStatuses]);
/**
 * The final statuses that mean the work was not done, in any version.
 * @example failedStatuses.has(session.status)
 */
export const failedStatuses: ReadonlySet<string> = new Set([...v1.failedStatuses, ...v8.failedStatuses]);
