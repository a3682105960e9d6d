import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// manualOnly: only the snapshots created manually (deleteManualSnapshots),
// not those a backup policy made.
const vmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
const session = await client.deleteVirtualMachineSnapshots(vmId, {
  manualOnly: true,
});
// null: the appliance answered 204, the VM has no manual snapshots.
console.log(session ? `${session.type}: ${session.status}` : "none");
if (session) {
  const done = await client.waitForJobSession(session);
  console.log(`${done.type}: ${done.status}`);
}
