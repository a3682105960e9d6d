import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// Every VM with snapshots, page after page: the client advances Offset
// by the number of results received and stops once they reach the
// page's totalCount (or on an empty page).
for await (const vm of client.listVirtualMachineSnapshots()) {
  const disks = 1 + (vm.dataDisks?.length ?? 0);
  console.log(`${vm.name} (${vm.vmId}): ${disks} disk snapshot(s)`);
  // v8.1 names a disk's snapshot diskName (v1: name).
  console.log(`  OS disk: ${vm.osDisk?.diskName}`);
}

// Or one page at a time, of one VM (vmId) or restore point
// (restorePointId) if you like.
const page = await client.getVirtualMachineSnapshotsPage({
  offset: 0,
  limit: 100,
  vmId: "bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy",
});
console.log(
  `offset ${page.offset}: ${page.results.length} of ${page.totalCount}`,
);
