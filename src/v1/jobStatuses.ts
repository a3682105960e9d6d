// The job-session statuses that end a session, for waitForJobSession and for callers that poll on their own.

/** Statuses after which a session changes no more (Veeam's `JobStatus`; `Failed` is kept for older appliances). */
export const finalStatuses: ReadonlySet<string> = new Set([
  "Success",
  "Warning",
  "Error",
  "Failed",
  "Canceled",
]);
/** The final statuses that mean the work was not done. */
export const failedStatuses: ReadonlySet<string> = new Set(["Error", "Failed", "Canceled"]);
