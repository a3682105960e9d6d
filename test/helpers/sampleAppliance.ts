// Where the reference site's code samples run in the tests: which mock appliance, at which URL, and what the
// secrets the samples read from the environment are set to. The one place to change when the samples are to
// run against another mock: test/docs/code-samples.test.ts takes all of it from here.
import { inject } from "vitest";

/** The host the samples are written for (the v1 documentation's examples'); the harness replaces it. */
export const sampleOrigin = "https://abc.ukwest.cloudapp.azure.com";

/**
 * The mock appliance the samples run against: the one the global setup (test/global-setup.ts) started, which
 * serves every version's spec on one port and answers with the specs' examples.
 */
export const sampleAppliance = {
  /** Its origin, which replaces {@link sampleOrigin} in every sample. */
  url: inject("mockUrl"),
  /**
   * The variables the samples read, with values the mock accepts: it takes any bearer token and any non-empty
   * password, and checks the form of a multi-factor login without knowing a code.
   */
  environment: {
    VBAZURE_PASSWORD: "mock-password",
    VBAZURE_TOKEN: "mock-access-token",
    VBAZURE_REFRESH_TOKEN: "mock-refresh-token",
    VBAZURE_MFA_TOKEN: "mock-mfa-token",
    VBAZURE_MFA_CODE: "482913",
  },
} as const;
