import fs from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Appends "playwright PASSED FAILED SKIPPED" to $FIELDLINE_TEST_SUMMARY (see .ci/run). */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, TestResult['status']>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test.id, result.status); // the last retry's outcome counts
  }

  onEnd(result: FullResult): void {
    const file = process.env.FIELDLINE_TEST_SUMMARY;
    if (!file) return;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const status of this.outcomes.values()) {
      if (status === 'passed') passed++;
      else if (status === 'skipped') skipped++;
      else failed++;
    }
    // A run that broke before any test (global setup) is a failure too.
    if (result.status !== 'passed' && failed === 0) failed++;
    fs.appendFileSync(file, `playwright ${passed} ${failed} ${skipped}\n`);
  }
}
