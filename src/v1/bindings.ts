// What is particular to API v1 (product 1.0), in one place: its paths, its query names, and the checks of its
// answers. The client (client.ts) is the version-neutral core bound to these.
import type { Shape } from "../core/unwrap.js";
import type { SessionOutcomes } from "../core/waitForJobSession.js";
import { failedStatuses, finalStatuses } from "./jobStatuses.js";
import type { JobSession, TokenResponse, VirtualMachineSnapshotsPage } from "./models.js";

/** The v1 paths of the client's operations. */
export const paths = {
  list: "/api/v1/virtualMachineSnapshots",
  deleteSnapshots: "/api/v1/virtualMachines/{id}/deleteSnapshots",
  jobSession: "/api/v1/jobSessions/{id}",
} as const;

/** Page size when none is given: the v1 documentation's default (the seed page's `limit=30`). */
export const defaultPageSize = 30;

/**
 * The list's query, as v1 spells it (lower case).
 *
 * @example
 * ```ts
 * listQuery(0, 30); // { offset: 0, limit: 30 }
 * ```
 */
export const listQuery = (offset: number, limit: number) => ({ offset, limit });

/** Whether a value is a job session (the least the client relies on: an id and a status). */
export const isJobSession = (value: unknown): value is JobSession =>
  typeof (value as JobSession)?.id === "string" && typeof (value as JobSession).status === "string";

/** A v1 job session. */
export const sessionShape: Shape<JobSession> = {
  what: "a job session (no id or status)",
  valid: isJobSession,
};

/** A v1 page of snapshots. */
export const pageShape: Shape<VirtualMachineSnapshotsPage> = {
  what: "a page of snapshots (no results)",
  valid: (value): value is VirtualMachineSnapshotsPage =>
    Array.isArray((value as { results?: unknown })?.results),
};

/** A token response with what a login session needs. */
export const tokenShape: Shape<TokenResponse> = {
  what: "a token (no access_token or expires_in)",
  valid: (value): value is TokenResponse =>
    typeof (value as TokenResponse)?.access_token === "string" && (value as TokenResponse).expires_in > 0,
};

/** The v1 statuses that end a job session: `Success` and `Warning` succeed; `Error`, `Failed`, `Canceled` fail. */
export const sessionOutcomes: SessionOutcomes = {
  succeeded: new Set([...finalStatuses].filter((status) => !failedStatuses.has(status))),
  failed: failedStatuses,
};
