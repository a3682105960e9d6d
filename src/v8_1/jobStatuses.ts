// The job-session statuses that end a session in v8.1 (and v6-v8): Veeam's `JobStatus`
// (../shared/reference/versions.md, "Models"). `Pending`, `Running*`, `Canceling` and `Unknown` are not final.

/** Statuses after which a v6+ session changes no more. */
export const finalStatuses: ReadonlySet<string> = new Set([
  "Success",
  "Warning",
  "Error",
  "Canceled",
  "NeverExecuted",
]);
/** The final v6+ statuses that mean the work was not done. */
export const failedStatuses: ReadonlySet<string> = new Set(["Error", "Canceled", "NeverExecuted"]);
