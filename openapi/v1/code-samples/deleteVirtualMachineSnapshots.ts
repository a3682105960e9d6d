import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v1", // product 1.0
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// The vmId of a VM from listVirtualMachineSnapshots.
const vmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
const session = await client.deleteVirtualMachineSnapshots(vmId);
console.log(`job session ${session.id}: ${session.status}`);

// The removal goes on after the response: poll the session until its
// status is final. It rejects if the session ends in Error, Failed or
// Canceled, or is still running after timeoutMs.
const done = await client.waitForJobSession(session, {
  intervalMs: 5_000,
  timeoutMs: 10 * 60_000,
});
console.log(`job session ${done.id}: ${done.status}`);
