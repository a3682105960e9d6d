// A user with multi-factor authentication (v6 and later: the password login answers with a challenge, and the
// login completes with grant_type=Mfa and the code), against a loopback v8.1 appliance that has such a user: the
// code from VBAZURE_MFA_CODE or asked on a real terminal, never a flag; without either, a usage error naming
// VBAZURE_MFA_CODE; and the code and the appliance's MFA token in no output, --verbose included.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, runInTerminal, tableRows } from "../helpers/cli.js";
import { type FaultServer, json, startFaultServer } from "../helpers/faultServer.js";

const code = "492817";
const mfaToken = "MFA-TOKEN-7f3a";
const password = "pw-Hunter2";
const tokens = {
  access_token: "ACCESS-9c1e",
  token_type: "bearer",
  refresh_token: "REFRESH-4d2b",
  expires_in: 3600,
};
const secrets = [code, mfaToken, password, tokens.access_token, tokens.refresh_token];

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
  server.handle((req, res, body) => {
    const url = req.url ?? "";
    if (url === "/api/oauth2/token") {
      const form = Object.fromEntries(new URLSearchParams(body));
      if (form.grant_type === "Password" && form.password === password)
        return json(res, 200, { mfa_enabled: true, mfa_token: mfaToken, expires_in: 0 });
      if (form.grant_type === "Mfa" && form.mfa_token === mfaToken && form.mfa_code === code)
        return json(res, 200, tokens);
      return json(res, 401, {
        title: "Unauthorized",
        status: 401,
        detail: "The code is not valid.",
        traceId: "0HNMFA",
      });
    }
    if (req.headers.authorization !== `Bearer ${tokens.access_token}`) return json(res, 401, { status: 401 });
    if (url.startsWith("/api/v8.1/restorePoints/virtualMachines/snapshots?"))
      return json(res, 200, { offset: 0, limit: 1, totalCount: 0, results: [] });
    if (url === "/api/v8.1/system/about") return json(res, 200, { serverVersion: "8.1.0.32" });
    json(res, 404, { title: "Not Found", status: 404 });
  });
});
afterEach(() => server.close());

const args = () => ["about", "--url", server.url, "--username", "backupadmin"];
const grants = () =>
  server.received
    .filter((r) => r.url === "/api/oauth2/token")
    .map((r) => Object.fromEntries(new URLSearchParams(r.body)));

describe("a user with MFA", () => {
  it("logs in with the code from VBAZURE_MFA_CODE, once for detection and the command", async () => {
    const run = await runCli(args(), { env: { VBAZURE_PASSWORD: password, VBAZURE_MFA_CODE: ` ${code} ` } });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(Object.fromEntries(tableRows(run.stdout))).toMatchObject({
      "API VERSION": "v8.1 (detected)",
      "PRODUCT VERSION": "8.1.0.32",
    });
    expect(grants()).toEqual([
      { grant_type: "Password", username: "backupadmin", password },
      { grant_type: "Mfa", mfa_token: mfaToken, mfa_code: code },
    ]);
  });

  it("without VBAZURE_MFA_CODE and no terminal, exits with 2 naming VBAZURE_MFA_CODE, and sends no MFA grant", async () => {
    const run = await runCli(args(), { env: { VBAZURE_PASSWORD: password } });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      "vbazure: user backupadmin has multi-factor authentication: set VBAZURE_MFA_CODE to the code of their authenticator app, or run in a terminal to be asked for it\n",
    );
    expect(grants().map((grant) => grant.grant_type)).toEqual(["Password"]);
  });

  it("asks for the password and then the code on a terminal, echoing neither", async () => {
    const run = await runInTerminal(args(), [
      { when: /Password for backupadmin:/, type: `${password}\r` },
      { when: /MFA code for backupadmin:/, type: `${code}\r` },
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PRODUCT VERSION {2}8\.1\.0\.32/);
    for (const secret of [code, password]) expect(run.stdout).not.toContain(secret);
    expect(grants().at(-1)).toEqual({ grant_type: "Mfa", mfa_token: mfaToken, mfa_code: code });
  });

  it("with --verbose, logs the MFA grant with its token and code redacted, and no other secret", async () => {
    const run = await runCli([...args(), "--verbose"], {
      env: { VBAZURE_PASSWORD: password, VBAZURE_MFA_CODE: code },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("> grant_type=Password&username=backupadmin&password=<redacted>\n");
    expect(run.stderr).toContain("> grant_type=Mfa&mfa_token=<redacted>&mfa_code=<redacted>\n");
    for (const secret of secrets) expect(run.stderr).not.toContain(secret);
  });

  it("reports a code the appliance refuses with its problem (exit 1), without the code", async () => {
    const run = await runCli([...args(), "--verbose"], {
      env: { VBAZURE_PASSWORD: password, VBAZURE_MFA_CODE: "000000" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "vbazure: POST /api/oauth2/token: 401 Unauthorized - The code is not valid. (trace 0HNMFA)\n",
    );
    for (const secret of ["000000", ...secrets]) expect(run.stderr).not.toContain(secret);
  });

  it("takes no code as a flag", async () => {
    const run = await runCli([...args(), "--mfa-code", code], { env: { VBAZURE_PASSWORD: password } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vbazure: unknown option '--mfa-code'/);
    expect(server.received).toEqual([]);
  });
});
