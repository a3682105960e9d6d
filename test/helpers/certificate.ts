// Self-signed certificates made in the test run (pure JavaScript, WebCrypto keys), like the one an appliance ships
// with: no certificate authority, the appliance's own names in subjectAltName.
import { generate } from "selfsigned";
import type { ServerCertificate } from "./faultServer.js";

/** A self-signed certificate and key for `hosts` (DNS names, or IP addresses such as 127.0.0.1). */
export async function selfSignedCertificate(hosts: string[]): Promise<ServerCertificate> {
  const ip = /^[\d.]+$|:/;
  const pems = await generate([{ name: "commonName", value: hosts[0] ?? "appliance" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: hosts.map((host) => (ip.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
