import { defineConfig } from '@playwright/test';

/**
 * `npm run test:electron`: the real desktop app (Electron, unpackaged, from out/) driven by
 * Playwright. Started through run.mjs, which first makes sure the Electron binary exists.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/electron',
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
