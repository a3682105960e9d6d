// The job-session statuses that end a v1 session (the delete seed page's `JobStatus`).

/** Statuses after which a v1 session changes no more (`Failed` is kept for older appliances). */
export const finalStatuses: ReadonlySet<string> = new Set([
  "Success",
  "Warning",
  "Error",
  "Failed",
  "Canceled",
]);
/** The final v1 statuses that mean the work was not done. */
export const failedStatuses: ReadonlySet<string> = new Set(["Error", "Failed", "Canceled"]);
