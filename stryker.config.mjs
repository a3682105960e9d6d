// Mutation testing of the version-neutral code in src/core/ with StrykerJS: `npm run mutate`.
// Only the unit tests under test/core/ run (vitest.mutate.config.ts), in a sandbox copy of the repository
// under .stryker-tmp/; the reports go to reports/mutation/. Both folders are gitignored, so biome skips them.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate: ["src/core/**/*.ts"],
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  // Run only the tests that cover each mutant, as recorded per test during the initial run.
  coverageAnalysis: "perTest",
  // Static mutants only run while a module loads: module-level tables (which statuses are retried), regexes,
  // constants. To test one, Stryker reloads the test files and runs every test, so ignoring them
  // (ignoreStatic: true) can save time with a slow suite. Not here: they are real policy, not noise, and with
  // fast unit tests they cost little. A trial on nine of the modules now in src/core/ (607 mutants, 17 static)
  // took 6 min 17 s with them and 6 min 33 s without (noise on a loaded machine), and ignoring them hid five
  // surviving mutants, among them the unanchored loopback-host regex in baseUrl. Ignored mutants count neither
  // way in the score.
  ignoreStatic: false,
  // Two test-runner processes on the two-core CI machine.
  concurrency: 2,
  // Added to the normal duration of the tests (times timeoutFactor, 1.5) before a mutant counts as a timeout (an
  // endless loop, such as a retry loop that never ends). The unit tests take milliseconds, so Stryker's default of
  // 5 s leaves ample margin on a busy two-core machine; every endless-loop mutant costs this long (a trial on the
  // retry policy with four such mutants took 23 s with 5 s, 28 s with 10 s).
  timeoutMS: 5_000,
  // A mutation score below `break` fails the run (exit code 1).
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Every run tests every mutant. `npx stryker run --incremental` reuses reports/stryker-incremental.json
  // to retest only what changed since the last run (faster locally; keep full runs in CI).
  incremental: false,
};
