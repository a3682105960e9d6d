// The mock appliance's Prism processes as a test sees them: every one spawned, by PID (recorded through a
// vi.mock of node:child_process, since a failed start returns no MockAppliance to read them from), and whether
// one is still running.
import type * as childProcess from "node:child_process";
import { expect } from "vitest";

/**
 * `node:child_process` with a `spawn` that adds each child's PID to `pids`. For a test file's
 * `vi.mock("node:child_process", async (importOriginal) => recordingSpawns(await importOriginal(), spawned))`.
 */
export function recordingSpawns(actual: typeof childProcess, pids: number[]): typeof childProcess {
  const spawn = (...args: unknown[]) => {
    const child = (actual.spawn as (...a: unknown[]) => childProcess.ChildProcess)(...args);
    if (child.pid !== undefined) pids.push(child.pid);
    return child;
  };
  return { ...actual, spawn } as typeof childProcess;
}

/** Whether process `pid` runs: signal 0 reaches it, or it is gone (ESRCH, and nothing else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe("ESRCH");
    return false;
  }
}
