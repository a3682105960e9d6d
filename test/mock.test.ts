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

  it("serves the list as windows of the example page, so the page after the last item is empty", async () => {
    await using mock = await startMockAppliance({ port: 0, spec });
    const page = async (query: string) => {
      const res = await fetch(`${mock.url}/api/v1/virtualMachineSnapshots${query}`, {
        headers: { Authorization: "Bearer x" },
      });
      return { status: res.status, body: await res.json() };
    };
    const seed = await page("?offset=0&limit=30");
    expect(seed.body).toMatchObject({ offset: 0, limit: 30, results: [{ name: "test-linux" }] });
    expect(await page("")).toEqual(seed);
    expect((await page("?offset=1&limit=30")).body).toMatchObject({
      offset: 1,
      limit: 30,
      results: [],
      _links: {
        self: {
          href: "https://abc.ukwest.cloudapp.azure.com/api/v1/virtualMachineSnapshots?offset=1&limit=30",
        },
      },
    });
    expect((await page("?offset=0&limit=0")).status).toBe(400); // Prism still validates
    const anonymous = await fetch(`${mock.url}/api/v1/virtualMachineSnapshots?offset=1`);
    expect(anonymous.status).toBe(401); // and still wants a token
  });

  it("reports a port already in use, stopping the Prism it had started", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const error = await startMockAppliance({ port, spec }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "EADDRINUSE",
        message: `port ${port} on 127.0.0.1 is in use: pick another port, or 0 for any free one`,
      });
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
