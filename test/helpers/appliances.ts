// Loopback appliances of a given product for the CLI's tests: the stateful mock (src/mock/) in server mode, as
// `startMockAppliance({ port: 0, product, ...options })` starts it, so each product serves exactly its versions
// (../shared/reference/versions.md, "Which appliance serves which API version") and answers its own
// `system/about`, with an inventory that pages, deletions whose sessions end, users who log in and faults on
// demand. The mock keeps no log of requests, and the tests assert what the CLI sent: the appliance's `handle`
// is wrapped to record each API request (the control routes under /_mock/ bypass it), and the secrets the token
// endpoint issued, so that a test can check that none of them was printed. It is the one place that knows how
// the appliances are made.
import { createMockAppliance } from "../../src/mock/appliance.js";
import { serveMockAppliance } from "../../src/mock/server.js";
import type { MockApplianceOptions, MockControl, MockProduct, MockVm } from "../../src/mock/types.js";
import { loadSpec } from "./spec.js";

/** The products the tests start. */
export type Product = MockProduct;

/** A running appliance. */
export interface Appliance {
  /** Its origin, for --url. */
  url: string;
  /**
   * Each API request it received, as `METHOD /path?query`, in order (the control routes' excluded); a token
   * request adds its grant: `POST /api/oauth2/token Password`.
   */
  received: string[];
  /** When each of `received` arrived (Date.now()), in the same order. */
  receivedAt: number[];
  /** Every access, refresh and MFA token the token endpoint answered so far. */
  issued: string[];
  /** The mock's control, in this process (the same as the routes under `${url}/_mock/`). */
  control: MockControl;
  /** Resolves once `count` requests matching `pattern` have arrived (at once if they have). */
  arrival(pattern: RegExp, count?: number, timeoutMs?: number): Promise<void>;
  /**
   * An access token the appliance accepts, issued past the recording to the first user without MFA ("any"
   * when there are no users, which any token is to such an appliance).
   */
  issueToken(): Promise<string>;
  /**
   * Starts the deletion of `vmIds`' snapshots as a client would (a batch from v6 on, one request on v1, for the
   * first VM), past the recording, with {@link Appliance.issueToken}'s token; resolves with the session's id.
   */
  startDeletion(...vmIds: string[]): Promise<string>;
  /** Forgets what was received and issued. */
  clear(): void;
  close(): Promise<void>;
}

const tokenPath = "/api/oauth2/token";
const tokenFields = ["access_token", "refresh_token", "mfa_token"] as const;

/**
 * Starts an appliance of `product` (with the mock's `options`) on a free loopback port; the test stops it with
 * `close()`.
 *
 * @example
 * ```ts
 * const appliance = await startAppliance("8.1", { snapshots: 250 });
 * await runCli(["about", "--url", appliance.url, "--token", "t"]);
 * await appliance.close();
 * ```
 */
export async function startAppliance(
  product: Product,
  options: MockApplianceOptions = {},
): Promise<Appliance> {
  const appliance = await createMockAppliance({ product, ...options });
  const received: string[] = [];
  const receivedAt: number[] = [];
  const issued: string[] = [];
  const waiting = new Set<() => void>();
  const server = await serveMockAppliance(
    {
      ...appliance,
      async handle(request) {
        const { pathname, search } = new URL(request.url);
        // A login says which grant it is (never a secret field).
        const grant =
          pathname === tokenPath ? new URLSearchParams(await request.clone().text()).get("grant_type") : null;
        received.push(`${request.method} ${pathname}${search}${grant ? ` ${grant}` : ""}`);
        receivedAt.push(Date.now());
        for (const wake of waiting) wake();
        const response = await appliance.handle(request);
        if (pathname === tokenPath && response.ok) {
          const body = (await response.clone().json()) as Record<string, unknown>;
          for (const field of tokenFields) if (typeof body[field] === "string") issued.push(body[field]);
        }
        return response;
      },
    },
    { port: 0, host: "127.0.0.1" },
  );
  // Past the recording: what a test does to set the stage is not what the CLI sent.
  const origin = "http://appliance.test";
  async function issueToken(): Promise<string> {
    const user = options.users?.find((candidate) => candidate.mfaCode === undefined);
    if (!user) return "any";
    const form = { grant_type: "Password", username: user.username, password: user.password };
    const login = await appliance.fetch(`${origin}${tokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    return ((await login.json()) as { access_token: string }).access_token;
  }
  return {
    url: server.url,
    received,
    receivedAt,
    issued,
    control: server.control,
    arrival(pattern, count = 1, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.filter((line) => pattern.test(line)).length < count) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`${count} requests matching ${pattern} did not arrive (got: ${received.join(", ")})`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiting.delete(check);
        };
        waiting.add(check);
        check();
      });
    },
    issueToken,
    async startDeletion(...vmIds) {
      const token = await issueToken();
      const v1 = appliance.apiVersions[0] === "v1";
      const response = await appliance.fetch(
        v1
          ? `${origin}/api/v1/virtualMachines/${vmIds[0]}/deleteSnapshots`
          : `${origin}/api/${appliance.apiVersions[0]}/protectedItem/virtualMachines/deleteSnapshots`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          ...(v1 ? {} : { body: JSON.stringify({ ids: vmIds }) }),
        },
      );
      if (!response.ok)
        throw new Error(`the deletion of ${vmIds.join(", ")} failed: ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
    clear() {
      received.length = 0;
      receivedAt.length = 0;
      issued.length = 0;
    },
    close: () => server.close(),
  };
}

/**
 * An inventory of VMs with these ids (and these names), each the seed example's VM otherwise, for tests that
 * script an outcome per VM or want short ids in their output; `manual` marks the VMs whose snapshots were made
 * manually.
 *
 * @example
 * ```ts
 * const appliance = await startAppliance("1.0", { snapshots: vmsNamed(["vm-1", "vm-2"]), outcomes: { "vm-2": "Error" } });
 * ```
 */
export function vmsNamed(vmIds: readonly string[], manual: readonly string[] = []): MockVm[] {
  const seed = loadSpec("v8.1").components.examples.VirtualMachineSnapshotsPageSeed.value.results[0];
  return vmIds.map((vmId, i) => ({
    ...structuredClone(seed),
    vmId,
    name: vmId,
    // Each its own restore point, so that a filter by restore point finds one VM.
    _links: {
      restorepoint: {
        href: `https://abc.ukwest.cloudapp.azure.com/api/v8.1/restorePoints/virtualMachines/00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      },
    },
    manual: manual.includes(vmId),
  }));
}
