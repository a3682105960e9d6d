import { createClient } from "veeam-azure-client";

const client = createClient({
  baseUrl: "https://abc.ukwest.cloudapp.azure.com",
  apiVersion: "v8.1", // the default: product 8.1
  credentials: {
    username: "backupadmin",
    password: process.env.VBAZURE_PASSWORD ?? "",
  },
});

// serverVersion is the product version (8.1.0.32 on product 8.1).
const about = await client.getSystemInfo();
console.log(`product ${about.serverVersion}, API ${client.apiVersion}`);
