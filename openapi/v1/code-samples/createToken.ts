import { createClient } from "veeam-azure-client";

// Given credentials, the client requests the token itself: it logs in on
// its first call, sends "Authorization: Bearer <access_token>" with every
// request, and refreshes the token before its 60 minutes are up.
const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v1", // product 1.0
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

const page = await client.getVirtualMachineSnapshotsPage({ limit: 1 });
console.log(`logged in; first page: ${page.results.length} VM(s)`);
