// Where the reference site's code samples run in the tests: which mock appliance, at which URL, in which state,
// and what the secrets the samples read from the environment are set to. The one place to change when the
// samples are to run against another mock: test/docs/code-samples.test.ts takes all of it from here.
//
// The samples run against the stateful mock appliance, as a server on loopback, put back before each sample into
// the state the samples are written for: the seed pages' VM is the only one with snapshots, job session 8 (the
// seed page's) exists and has ended, and the VM the batch examples name besides the seed's is known but has
// nothing left to delete. Sessions end as soon as they start (jobDurationMs 0), so a sample that waits for one
// prints its end at once. The TypeScript samples of the multi-factor guide log in to a second appliance, whose
// user has MFA (and whose inventory is the seed VM alone).
import { type MockServer, startMockAppliance } from "../../src/mock/server.js";
import type { MockVm } from "../../src/mock/types.js";
import { loadSpec } from "./spec.js";

/** The host the samples are written for (the v1 documentation's examples'); the harness replaces it. */
export const sampleOrigin = "https://abc.ukwest.cloudapp.azure.com";

/** The variables the samples read, with values the appliances accept. */
const environment = {
  VBAZURE_PASSWORD: "mock-password",
  VBAZURE_TOKEN: "mock-access-token",
  VBAZURE_REFRESH_TOKEN: "mock-refresh-token",
  VBAZURE_MFA_TOKEN: "mock-mfa-token",
  VBAZURE_MFA_CODE: "482913",
} as const;

/** The VM the v8.1 batch examples name besides the seed's (the VirtualMachineIdsTwo example). */
const otherBatchVmId = "k2m7q9w4e8r1t5y3u6i0o2p4a7s9d1f3g5h8j0k2l4z6x8c1v3b5";

/** The seed VM, the batch examples' other VM, and VMs whose deletion makes sessions 1 to 8. */
function inventory(): MockVm[] {
  const seedVm = loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value
    .results[0] as MockVm;
  const copy = (vmId: string, name: string): MockVm => ({ ...structuredClone(seedVm), vmId, name });
  return [
    { ...structuredClone(seedVm), manual: true },
    copy(otherBatchVmId, "test-windows"),
    ...Array.from({ length: 7 }, (_, i) => copy(`earlier-vm-${i + 1}`, `earlier-${i + 1}`)),
  ];
}

let plain: MockServer | undefined;
let mfa: MockServer | undefined;

/** Deletes every VM but the seed's, one session each: sessions 1 to 8, all ended. */
async function prepare(server: MockServer): Promise<void> {
  server.control.reset();
  if (server === mfa) return; // the seed VM alone, and no session
  for (const vm of inventory().slice(1)) {
    const response = await fetch(
      `${server.url}/api/v8.1/protectedItem/virtualMachines/${encodeURIComponent(vm.vmId as string)}/deleteSnapshots`,
      { method: "POST", headers: { authorization: `Bearer ${environment.VBAZURE_TOKEN}` } },
    );
    if (response.status !== 202) throw new Error(`preparing the sample appliance: ${response.status}`);
    await response.body?.cancel();
  }
}

function started(server: MockServer | undefined): MockServer {
  if (!server) throw new Error("the sample appliances are not started: call sampleAppliance.start() first");
  return server;
}

/**
 * The appliances the samples run against. `start()` once (beforeAll), `reset(sample)` before each sample,
 * `stop()` at the end (afterAll).
 */
export const sampleAppliance = {
  environment,

  /** Starts both appliances on loopback. */
  async start(): Promise<void> {
    const options = { port: 0, snapshots: inventory(), jobDurationMs: 0, clock: "manual" } as const;
    [plain, mfa] = await Promise.all([
      startMockAppliance(options),
      startMockAppliance({
        port: 0,
        clock: "manual",
        users: [
          {
            username: "backupadmin",
            password: environment.VBAZURE_PASSWORD,
            mfaCode: environment.VBAZURE_MFA_CODE,
          },
        ],
      }),
    ]);
  },

  /** Stops both. */
  async stop(): Promise<void> {
    await Promise.all([plain?.close(), mfa?.close()]);
  },

  /**
   * The origin that replaces {@link sampleOrigin} in the sample `name`: the MFA appliance for the TypeScript
   * samples of the multi-factor guide (the curl ones use a made-up MFA token, which only an appliance without
   * users accepts), the other one for the rest.
   */
  urlFor(name: string): string {
    return started(/Multi-factor.*TypeScript/.test(name) ? mfa : plain).url;
  },

  /** Puts both appliances back into the state the samples are written for. */
  async reset(): Promise<void> {
    await Promise.all([prepare(started(plain)), prepare(started(mfa))]);
  },
};
