// The `ca` option, checked when the client is made: Node.js only, and PEM certificates. The fetch that uses it
// (tlsFetch.ts, with undici) is loaded at the first request, so it stays out of a browser bundle; this check
// does not.

// One PEM certificate: base64 of DER, which starts with a SEQUENCE tag (0x30, base64 "M").
const pemCertificate = /-----BEGIN CERTIFICATE-----\s*M[A-Za-z0-9+/=\s]*-----END CERTIFICATE-----/;

/**
 * Checks the `ca` option and returns it as a list of PEM texts, or throws a TypeError that says what is wrong:
 * each entry must hold a `-----BEGIN CERTIFICATE-----` block, and the runtime must be Node.js (a browser trusts
 * what its own certificate store trusts).
 *
 * @example
 * ```ts
 * requireCa(readFileSync("appliance.pem", "utf8")); // ["-----BEGIN CERTIFICATE-----\nMIIB..."]
 * ```
 */
export function requireCa(ca: unknown): string[] {
  const list: unknown[] = [ca].flat();
  if (
    typeof globalThis.process?.versions?.node !== "string" ||
    list.length === 0 ||
    !list.every((pem) => typeof pem === "string" && pemCertificate.test(pem))
  ) {
    throw new TypeError(
      "ca (Node.js only) must be a PEM certificate (-----BEGIN CERTIFICATE-----) or a list of them",
    );
  }
  return list as string[];
}
