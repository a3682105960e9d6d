import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// An array of vmIds and manualOnly: the manual snapshots of them all.
const vmIds = [
  "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy",
  "k2m7q9w4e8r1t5y3u6i0o2p4a7s9d1f3g5h8j0k2l4z6x8c1v3b5",
];
const session = await client.deleteVirtualMachineSnapshots(vmIds, {
  manualOnly: true,
});
console.log(session ? `${session.type}: ${session.status}` : "none");
