// startMockAppliance: Prism on loopback, started and stopped by PID, with clear errors when it cannot start.
import { createServer } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { startMockAppliance } from "../src/mock.js";

const spec = inject("bundledSpecYaml");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startMockAppliance", () => {
  it("serves the spec on a free loopback port and stops its process on close", async () => {
    const mock = await startMockAppliance({ port: 0, spec });
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${mock.url}/api/v1/jobSessions/8`, { headers: { Authorization: "Bearer x" } });
    expect(await res.json()).toMatchObject({ id: "8", status: "Success" });
    expect(alive(mock.pid)).toBe(true);
    await mock.close();
    expect(alive(mock.pid)).toBe(false);
    await mock.close(); // a second close is harmless
  });

  it("reports a port already in use with Prism's own words", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(startMockAppliance({ port, spec })).rejects.toThrow(
        /Prism exited .*before listening[\s\S]*EADDRINUSE/,
      );
    } finally {
      blocker.close();
    }
  });

  it("reports a spec that does not exist", async () => {
    await expect(startMockAppliance({ port: 0, spec: "/nonexistent/openapi.yaml" })).rejects.toThrow(
      /Prism exited[\s\S]*nonexistent/,
    );
  });

  it.each([-1, 65_536, 1.5, Number.NaN])("refuses port %s before starting anything", async (port) => {
    await expect(startMockAppliance({ port, spec })).rejects.toThrow(RangeError);
  });
});
