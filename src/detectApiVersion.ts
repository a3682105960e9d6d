// Finding out which API version an appliance speaks. There is no endpoint that lists them
// (../shared/reference/versions.md: "a client finds the version by probing"), so each version's snapshot list is
// read with a limit of 1, newest first, until one answers; a 404 means the appliance does not serve that prefix.

import { bindingFor } from "./bindingFor.js";
import { type ApiVersion, apiVersions } from "./core/apiVersion.js";
import { type BoundClient, bindClient } from "./core/client.js";
import { tokenPath } from "./core/clientPipeline.js";
import { connect } from "./core/connection.js";
import { ApiError, InvalidResponseError, VeeamAzureError } from "./core/errors.js";
import type { ClientOptions } from "./core/options.js";
import type { VeeamAzureClient } from "./createClient.js";

/** Options of {@link detectApiVersion}: those of `createClient` (auth, `ca`, retry, ...), without a version. */
export interface DetectApiVersionOptions extends Omit<ClientOptions, "apiVersion"> {
  /** Stops the probing when aborted. */
  signal?: AbortSignal | undefined;
}

/** What {@link detectApiVersion} found. */
export interface DetectedApiVersion {
  /**
   * A client of the version found, on the connection the probes used: it is logged in already, so a user with
   * MFA is not asked for a second code.
   * @example
   * ```ts
   * const { client } = await detectApiVersion({ baseUrl, credentials });
   * for await (const vm of client.listVirtualMachineSnapshots()) console.log(vm.name);
   * ```
   */
  client: VeeamAzureClient<ApiVersion>;
  /** The newest API version the appliance serves. @example "v8.1" */
  apiVersion: ApiVersion;
  /**
   * The product version (`system/about`'s `serverVersion`).
   * @default undefined (v1 has no system/about, or the appliance would not say: an error answer to it, or no
   * version in it)
   * @example "8.1.0.123"
   */
  serverVersion: string | undefined;
}

// The product version where system/about tells it. The version is known by then, so an answer that says
// nothing (a role without access to it, a gateway's error page) leaves the product version unknown rather than
// failing the detection; an abort, a timeout or a lost connection still fails it.
async function serverVersionOf(
  client: BoundClient,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    const about = (await client.getSystemInfo({ signal })) as { serverVersion?: unknown };
    return typeof about.serverVersion === "string" && about.serverVersion !== ""
      ? about.serverVersion
      : undefined;
  } catch (error) {
    if (error instanceof ApiError || error instanceof InvalidResponseError) return undefined;
    throw error;
  }
}

/**
 * Finds the newest API version the appliance serves: tries v8.1, v8, v7, v6, then v1, reading the snapshot list
 * with a limit of 1 (one login for all of them), and moves on only on a 404. Then reads `system/about` for the
 * product version where the version has it. A 401 or 403 rejects with the `ApiError` (the credentials are the
 * problem, not the version); when no version answers, a `VeeamAzureError` lists the versions tried. It resolves
 * with a `client` of that version too, logged in already.
 *
 * @example
 * ```ts
 * const { apiVersion, serverVersion } = await detectApiVersion({ baseUrl, credentials });
 * const client = createClient({ baseUrl, credentials, apiVersion });
 * ```
 */
export async function detectApiVersion(options: DetectApiVersionOptions): Promise<DetectedApiVersion> {
  const { signal, ...rest } = options ?? ({} as DetectApiVersionOptions);
  const connection = connect(rest);
  for (const apiVersion of apiVersions) {
    const client = bindClient(connection, bindingFor(apiVersion));
    try {
      await client.getVirtualMachineSnapshotsPage({ limit: 1, signal });
    } catch (error) {
      // A 404 of the probe itself; one of the login (the token path is the same in every version) is the answer.
      if (error instanceof ApiError && error.status === 404 && error.pathTemplate !== tokenPath) continue;
      throw error;
    }
    const found = { apiVersion, client: client as unknown as VeeamAzureClient<ApiVersion> };
    return {
      ...found,
      serverVersion: apiVersion === "v1" ? undefined : await serverVersionOf(client, signal),
    };
  }
  throw new VeeamAzureError(
    `${connection.options.baseUrl} serves none of the API versions this client speaks: tried ${apiVersions.join(", ")} (each answered 404). Is it a Veeam Backup for Microsoft Azure appliance, and the URL its origin?`,
  );
}
