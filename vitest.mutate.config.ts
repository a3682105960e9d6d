// The test run StrykerJS uses for mutation testing (`npm run mutate`, see stryker.config.mjs): only the fast
// unit tests under test/core/, which mirror src/core/. No global setup (no Prism mock server), no browser or
// subprocess tests, no typecheck: each mutant reruns these tests, so they must stay quick and self-contained.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/core/**/*.test.ts"],
    setupFiles: ["test/setup/no-leaks.ts"],
    typecheck: { enabled: false },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    unstubGlobals: true,
  },
});
