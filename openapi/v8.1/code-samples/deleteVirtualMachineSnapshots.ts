import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// The vmId of a VM from listVirtualMachineSnapshots.
const vmId = "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy";
const session = await client.deleteVirtualMachineSnapshots(vmId);
if (session === null) {
  // 204: the VM has no snapshots to remove; no session was started.
  console.log("nothing to delete");
} else {
  console.log(`job session ${session.id}: ${session.status}`);
  // The removal goes on after the 202: poll the session until its status
  // is final. It rejects if the session ends in Error, Canceled or
  // NeverExecuted, or is still running after timeoutMs.
  const done = await client.waitForJobSession(session, {
    intervalMs: 5_000,
    timeoutMs: 10 * 60_000,
  });
  console.log(`job session ${done.id}: ${done.status}`);
}
