import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// The id of the job session that deleteVirtualMachineSnapshots returned.
const session = await client.getJobSession("8");
console.log(`${session.type}: ${session.status}`);
// executionStopTime is null (or absent) while the session runs.
console.log(`stopped: ${session.executionStopTime ?? "not yet"}`);
