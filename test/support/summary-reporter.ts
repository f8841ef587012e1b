import fs from 'node:fs';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Appends "vitest PASSED FAILED SKIPPED" to $FIELDLINE_TEST_SUMMARY, so .ci/run can
 * print one "N passed, N failed" line summing every test runner.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const file = process.env.FIELDLINE_TEST_SUMMARY;
    if (!file) return;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      const tests = [...module.children.allTests()];
      // A file that failed to load has no tests, and is still a failure.
      if (tests.length === 0 && module.state() === 'failed') failed++;
      for (const test of tests) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    if (unhandledErrors.length) failed++;
    fs.appendFileSync(file, `vitest ${passed} ${failed} ${skipped}\n`);
  }
}
