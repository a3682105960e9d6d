// After each test file: nothing the tests started may still be running. A timer, socket or server left
// behind would keep a user's process alive; fail the file that leaked it.
import { afterAll, expect } from "vitest";

const count = () => {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};
// What the vitest worker holds itself (its pipes, its own timer) when the file starts is not ours.
const baseline = count();

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 100)); // let closed sockets finish closing
  const now = count();
  const left = Object.entries(now)
    .filter(([kind, n]) => n > (baseline[kind] ?? 0))
    .map(([kind, n]) => `${kind} x${n - (baseline[kind] ?? 0)}`);
  expect(left, "resources left running after this file's tests").toEqual([]);
});
