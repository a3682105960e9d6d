// The environment variable of a profile's password, so that each appliance of a fleet can have its own
// (VBAZURE_PASSWORD serves one appliance at a time). Apart from ./config.ts, which loads Ajv, since connect needs it
// on every run.

/**
 * The environment variable a profile's password is read from: VBAZURE_PASSWORD_ and the name upper-cased, every
 * character other than a letter or digit as `_`.
 *
 * @example
 * ```ts
 * passwordVariable("lab-2"); // "VBAZURE_PASSWORD_LAB_2"
 * ```
 */
export function passwordVariable(profile: string): string {
  return `VBAZURE_PASSWORD_${profile.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
