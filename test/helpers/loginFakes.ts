// What the login-session tests share: a fake clock from a fixed t0 (only Date is faked: the sessions' timing is
// read from Date.now()), the token endpoint's refusal as an ApiError, and the refresh grant's form.
import { afterEach, beforeEach, vi } from "vitest";
import { ApiError } from "../../src/core/errors.js";

/** The fake clock's start. */
export const t0 = Date.parse("2026-03-01T12:00:00Z");

/** Sets the clock to `ms` after t0. */
export const at = (ms: number) => vi.setSystemTime(t0 + ms);

/** Fakes Date for each test of the file, starting at t0. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** The ApiError of a token request refused with `status`. */
export const tokenError = (status: number) =>
  new ApiError(`POST /api/oauth2/token: ${status}`, {
    method: "POST",
    path: "/api/oauth2/token",
    pathTemplate: "/api/oauth2/token",
    url: "https://h/api/oauth2/token",
    status,
    body: null,
  });

/** The form of a refresh with refresh-`n`. */
export const refreshGrant = (n: number) => ({ grant_type: "Refresh_token", refresh_token: `refresh-${n}` });
