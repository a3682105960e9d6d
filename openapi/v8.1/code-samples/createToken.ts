import { createClient, MfaRequiredError } from "veeam-azure-client";

// Given credentials, the client requests the token itself: it logs in on
// its first call (completing the two-step login of a user with
// multi-factor authentication), sends "Authorization: Bearer
// <access_token>" with every request, and refreshes the token before its
// 60 minutes are up.
const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
    // Used only if the user has MFA: the code their app shows now (or a
    // function that asks for it).
    mfaCode: process.env.VBAZURE_MFA_CODE,
  },
});

try {
  const page = await client.getVirtualMachineSnapshotsPage({ limit: 1 });
  console.log(`logged in; ${page.totalCount ?? "?"} VM(s) with snapshots`);
} catch (error) {
  // The user has MFA, and no code (or a used one) was given.
  if (error instanceof MfaRequiredError) console.error(error.message);
  else throw error;
}
