import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// An array of vmIds is one batch request, with one job session for all.
const session = await client.deleteVirtualMachineSnapshots([
  "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy",
  "k2m7q9w4e8r1t5y3u6i0o2p4a7s9d1f3g5h8j0k2l4z6x8c1v3b5",
]);
if (session) {
  const done = await client.waitForJobSession(session);
  console.log(`job session ${done.id}: ${done.status}`);
} else {
  console.log("nothing to delete");
}
