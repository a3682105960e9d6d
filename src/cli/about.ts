// `vbazure about`: the appliance, the API version in use (and whether it was detected or given) and the product
// version from system/about. v1 has no system/about (../shared/reference/versions.md), so there the product
// version is unknown rather than an error.
import { type ApiVersionSource, describeApiVersion } from "./apiVersionChoice.js";
import type { Connected } from "./connect.js";
import { renderCsv } from "./csv.js";
import { type Io, writeLine } from "./io.js";
import { renderTable } from "./table.js";

/** What `about` prints: `--output json` has this shape. */
export interface About {
  /** @example "https://vbazure.corp.example" */
  url: string;
  /** @example "v8.1" */
  apiVersion: string;
  /** @example "detected" */
  apiVersionSource: ApiVersionSource;
  /**
   * The product version (system/about's `serverVersion`).
   * @default null (unknown: API v1 has no system/about, or the appliance would not say)
   * @example "8.1.0.32"
   */
  productVersion: string | null;
}

/**
 * The text `about` shows for the product version: the version, or why it is unknown.
 *
 * @example
 * ```ts
 * productVersionText({ url, apiVersion: "v1", apiVersionSource: "detected", productVersion: null });
 * // "unknown (API v1 has no system/about)"
 * ```
 */
export function productVersionText({ apiVersion, productVersion }: About): string {
  if (productVersion !== null) return productVersion;
  return apiVersion === "v1" ? "unknown (API v1 has no system/about)" : "unknown (system/about did not say)";
}

/**
 * Reads what `about` shows: a detected run has the product version already (detection read system/about); a
 * given version of v6 or later reads it now (an error answer to it fails the command, since it is the command's
 * one request); a given v1, which has no system/about, lists one snapshot instead, so that the address, the
 * login and the version are still checked (an appliance that does not serve v1 answers 404).
 *
 * @example
 * ```ts
 * const about = await readAbout(await connect(), "https://vbazure.corp.example", signal);
 * ```
 */
export async function readAbout(connected: Connected, url: string, signal: AbortSignal): Promise<About> {
  const { client, apiVersion, source } = connected;
  let productVersion = connected.serverVersion;
  if (source !== "detected") {
    if (client.apiVersion === "v1") {
      await client.getVirtualMachineSnapshotsPage({ limit: 1, signal });
    } else {
      const { serverVersion } = await client.getSystemInfo({ signal });
      productVersion = typeof serverVersion === "string" && serverVersion !== "" ? serverVersion : undefined;
    }
  }
  return { url, apiVersion, apiVersionSource: source, productVersion: productVersion ?? null };
}

/**
 * `about`: prints the appliance's API and product versions, as a table, JSON or CSV (a header, then one row; the
 * product version empty when unknown).
 *
 * @example
 * ```ts
 * await about(await connect(), "https://vbazure.corp.example", "table", io, signal);
 * // URL              https://vbazure.corp.example
 * // API VERSION      v8.1 (detected)
 * // PRODUCT VERSION  8.1.0.32
 * ```
 */
export async function about(
  connected: Connected,
  url: string,
  format: "table" | "json" | "csv",
  io: Io,
  signal: AbortSignal,
): Promise<void> {
  const found = await readAbout(connected, url, signal);
  if (format === "json") {
    writeLine(io.stdout, JSON.stringify(found, null, 2));
    return;
  }
  if (format === "csv") {
    io.stdout.write(
      renderCsv({
        columns: ["URL", "API VERSION", "API VERSION SOURCE", "PRODUCT VERSION"],
        rows: [[found.url, found.apiVersion, found.apiVersionSource, found.productVersion ?? ""]],
      }),
    );
    return;
  }
  io.stdout.write(
    renderTable(undefined, [
      ["URL", found.url],
      ["API VERSION", describeApiVersion(connected)],
      ["PRODUCT VERSION", productVersionText(found)],
    ]),
  );
}
