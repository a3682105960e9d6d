// What `vbazure about` reads and shows, with stand-in clients: the product version from detection when it read
// it, from system/about when the version was given, and "unknown" on v1, which has no system/about.
import { describe, expect, it, vi } from "vitest";
import { productVersionText, readAbout } from "../../src/cli/about.js";
import type { Connected } from "../../src/cli/connect.js";

const url = "https://vbazure.corp.example";
const signal = new AbortController().signal;

function connected(
  apiVersion: Connected["apiVersion"],
  source: Connected["source"],
  serverVersion: string | undefined,
  about: unknown = { serverVersion: "8.0.0.7" },
) {
  const getSystemInfo = vi.fn(async () => about);
  const getVirtualMachineSnapshotsPage = vi.fn(async () => ({ offset: 0, limit: 1, results: [] }));
  const client = {
    apiVersion,
    getSystemInfo,
    getVirtualMachineSnapshotsPage,
  } as unknown as Connected["client"];
  return {
    connected: { client, apiVersion, source, serverVersion } satisfies Connected,
    getSystemInfo,
    getVirtualMachineSnapshotsPage,
  };
}

describe("readAbout", () => {
  it("takes the product version detection read, without another request", async () => {
    const { connected: c, getSystemInfo } = connected("v8.1", "detected", "8.1.0.32");
    await expect(readAbout(c, url, signal)).resolves.toEqual({
      url,
      apiVersion: "v8.1",
      apiVersionSource: "detected",
      productVersion: "8.1.0.32",
    });
    expect(getSystemInfo).not.toHaveBeenCalled();
  });

  it("reads system/about when the version was given", async () => {
    const { connected: c, getSystemInfo } = connected("v8", "--api-version", undefined);
    await expect(readAbout(c, url, signal)).resolves.toMatchObject({ productVersion: "8.0.0.7" });
    expect(getSystemInfo).toHaveBeenCalledWith({ signal });
  });

  it.each([[{}], [{ serverVersion: "" }], [{ serverVersion: 8 }]])(
    "leaves the product version unknown when system/about says %o",
    async (about) => {
      const { connected: c } = connected("v6", "VBAZURE_API_VERSION", undefined, about);
      await expect(readAbout(c, url, signal)).resolves.toMatchObject({ productVersion: null });
    },
  );

  it("on a given v1, which has no system/about, checks the appliance with a one-snapshot list instead", async () => {
    const {
      connected: c,
      getSystemInfo,
      getVirtualMachineSnapshotsPage,
    } = connected("v1", "--api-version", undefined);
    await expect(readAbout(c, url, signal)).resolves.toMatchObject({
      apiVersion: "v1",
      productVersion: null,
    });
    expect(getSystemInfo).not.toHaveBeenCalled();
    expect(getVirtualMachineSnapshotsPage).toHaveBeenCalledWith({ limit: 1, signal });
  });

  it("fails on a given v1 when the appliance does not answer it", async () => {
    const { connected: c, getVirtualMachineSnapshotsPage } = connected("v1", "--api-version", undefined);
    getVirtualMachineSnapshotsPage.mockRejectedValueOnce(
      new Error("GET /api/v1/virtualMachineSnapshots: 404"),
    );
    await expect(readAbout(c, url, signal)).rejects.toThrow(/404/);
  });

  it("on a detected v1 sends nothing more: detection listed already", async () => {
    const { connected: c, getVirtualMachineSnapshotsPage } = connected("v1", "detected", undefined);
    await expect(readAbout(c, url, signal)).resolves.toMatchObject({ productVersion: null });
    expect(getVirtualMachineSnapshotsPage).not.toHaveBeenCalled();
  });
});

describe("productVersionText", () => {
  const about = { url, apiVersionSource: "detected" as const };
  it.each([
    ["v8.1", "8.1.0.32", "8.1.0.32"],
    ["v1", null, "unknown (API v1 has no system/about)"],
    ["v8", null, "unknown (system/about did not say)"],
  ])("shows %s with %s as %j", (apiVersion, productVersion, shown) => {
    expect(productVersionText({ ...about, apiVersion, productVersion })).toBe(shown);
  });
});
