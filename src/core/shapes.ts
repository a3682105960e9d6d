// The least the client relies on in an answer, the same in every API version: a job session has an id to poll
// and a status; a page has its results.
import type { JobSessionLike } from "./errors.js";
import type { Shape } from "./unwrap.js";

/** Whether a value is a job session (the least the client relies on: an id and a status). */
export const isJobSession = (value: unknown): value is JobSessionLike => {
  const { id, status } = (value ?? {}) as JobSessionLike;
  return typeof id === "string" && id !== "" && typeof status === "string";
};

/** A job session, in any version: an id to poll and a status. */
export const sessionShape: Shape<JobSessionLike> = {
  what: "a job session (no id or status)",
  valid: isJobSession,
};

/**
 * A page of items, in any version: its results.
 *
 * @example
 * ```ts
 * const pageShape = pageOf<VirtualMachineSnapshotsPage>();
 * ```
 */
export const pageOf = <TPage>(): Shape<TPage> => ({
  what: "a page of snapshots (no results)",
  valid: (value): value is TPage => Array.isArray((value as { results?: unknown })?.results),
});
