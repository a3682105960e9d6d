import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v1", // product 1.0
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// Every VM with snapshots, page after page: the client advances offset
// by the number of results received and stops on an empty page.
for await (const vm of client.listVirtualMachineSnapshots()) {
  const disks = 1 + (vm.dataDisks?.length ?? 0);
  console.log(`${vm.name} (${vm.vmId}): ${disks} disk snapshot(s)`);
}

// Or one page at a time.
const page = await client.getVirtualMachineSnapshotsPage({
  offset: 0,
  limit: 30,
});
console.log(
  `offset ${page.offset}: ${page.results.length} of ${page.limit}`,
);
