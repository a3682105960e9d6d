// A user with multi-factor authentication (v6 and later: the password login answers with a challenge, and the
// login completes with grant_type=Mfa and the code), against a stateful v8.1 mock appliance that has such a user
// and checks the code: the code from VBAZURE_MFA_CODE or asked on a real terminal, never a flag; without either,
// a usage error naming VBAZURE_MFA_CODE; and the code, the password and every token the appliance issued (the MFA
// token included) in no output, --verbose included.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Appliance, startAppliance } from "../helpers/appliances.js";
import { runCli, runInTerminal, tableRows } from "../helpers/cli.js";

const code = "492817";
const password = "pw-Hunter2";

let appliance: Appliance;
beforeAll(async () => {
  appliance = await startAppliance("8.1", { users: [{ username: "backupadmin", password, mfaCode: code }] });
});
afterAll(() => appliance.close());
beforeEach(() => {
  appliance.control.reset();
  appliance.clear();
});

const args = () => ["about", "--url", appliance.url, "--username", "backupadmin"];
const logins = () => appliance.received.filter((line) => line.startsWith("POST /api/oauth2/token"));
const secrets = () => [code, password, ...appliance.issued];

describe("a user with MFA", () => {
  it("logs in with the code from VBAZURE_MFA_CODE, once for detection and the command", async () => {
    const run = await runCli(args(), { env: { VBAZURE_PASSWORD: password, VBAZURE_MFA_CODE: ` ${code} ` } });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(Object.fromEntries(tableRows(run.stdout))).toMatchObject({
      "API VERSION": "v8.1 (detected)",
      "PRODUCT VERSION": "8.1.0.32",
    });
    expect(appliance.received[0]).toBe("POST /api/oauth2/token Password");
    expect(logins()).toEqual(["POST /api/oauth2/token Password", "POST /api/oauth2/token Mfa"]);
  });

  it("without VBAZURE_MFA_CODE and no terminal, exits with 2 naming VBAZURE_MFA_CODE, and sends no MFA grant", async () => {
    const run = await runCli(args(), { env: { VBAZURE_PASSWORD: password } });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      "vbazure: user backupadmin has multi-factor authentication: set VBAZURE_MFA_CODE to the code of their authenticator app, or run in a terminal to be asked for it\n",
    );
    expect(appliance.received).toEqual(["POST /api/oauth2/token Password"]);
  });

  it("asks for the password and then the code on a terminal, echoing neither", async () => {
    const run = await runInTerminal(args(), [
      { when: /Password for backupadmin:/, type: `${password}\r` },
      { when: /MFA code for backupadmin:/, type: `${code}\r` },
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PRODUCT VERSION {2}8\.1\.0\.32/);
    for (const secret of [code, password]) expect(run.stdout).not.toContain(secret);
    expect(logins()).toEqual(["POST /api/oauth2/token Password", "POST /api/oauth2/token Mfa"]);
  });

  it("with --verbose, logs the MFA grant with its token and code redacted, and no other secret", async () => {
    const run = await runCli([...args(), "--verbose"], {
      env: { VBAZURE_PASSWORD: password, VBAZURE_MFA_CODE: code },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("> grant_type=Password&username=backupadmin&password=<redacted>\n");
    expect(run.stderr).toContain("> grant_type=Mfa&mfa_token=<redacted>&mfa_code=<redacted>\n");
    // The MFA token, then an access and a refresh token.
    expect(appliance.issued).toHaveLength(3);
    for (const secret of secrets()) expect(run.stderr).not.toContain(secret);
  });

  it("reports a code the appliance refuses with its problem (exit 1), without the code", async () => {
    const run = await runCli([...args(), "--verbose"], {
      env: { VBAZURE_PASSWORD: password, VBAZURE_MFA_CODE: "135790" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\nvbazure: POST \/api\/oauth2\/token: 401 Unauthorized - The verification code is incorrect\. \(trace \S+\)\n/,
    );
    for (const secret of ["135790", ...secrets()]) expect(run.stderr).not.toContain(secret);
  });

  it("takes no code as a flag", async () => {
    const run = await runCli([...args(), "--mfa-code", code], { env: { VBAZURE_PASSWORD: password } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vbazure: unknown option '--mfa-code'/);
    expect(appliance.received).toEqual([]);
  });
});
