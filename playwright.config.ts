import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL, E2E_EMULATOR_PORT, E2E_PORT } from './e2e/env';

/**
 * End-to-end tests: the built app (`next start`) with the embedded database in a fresh DATA_DIR, the built-in
 * marketplace emulator (no AK/SK) on a fixed port so the tests can register orders through its control API, and
 * Debian's Chromium (browsers cannot be downloaded here; ../shared/STACK.md "Browsers and Playwright").
 *
 *   npm run test:e2e            # builds first when sources changed (scripts/prestart.mjs)
 *   E2E_KEEP_DATA=1 npm run test:e2e   # keep the run's DATA_DIR for a post-mortem
 */

// The config is loaded by the runner and again by every worker; workers inherit the runner's environment,
// so the DATA_DIR chosen by the runner is the one everybody sees.
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `koogallery-e2e-${Date.now()}-${process.pid}`);
const dataDir = process.env.E2E_DATA_DIR;

const chromium = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  // one Next server with PGlite (one session) on a 2-CPU machine: run the specs one after the other
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
          ],
        },
      },
    },
  ],
  webServer: {
    // prestart builds only when the sources changed since the last build, and creates the embedded database
    command: `node scripts/prestart.mjs && npx next start -p ${E2E_PORT}`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    // a cold `next build` plus PGlite's first initdb take a few minutes on this machine
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    // Playwright starts the command with process.env plus this: empty values switch inherited settings off (the app
    // treats an empty variable as unset), so no DATABASE_URL (embedded PGlite) and no AK/SK (built-in emulator)
    env: {
      DATABASE_URL: '',
      HUAWEICLOUD_AK: '',
      HUAWEICLOUD_SK: '',
      MARKETPLACE_API_BASE: '',
      PROVISIONER: '',
      PROVISIONER_WEBHOOK_URL: '',
      MARKETPLACE_KEY_PREVIOUS: '',
      DATA_DIR: dataDir,
      MARKETPLACE_KEY: 'e2e-key',
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      PORT: String(E2E_PORT),
      EMULATOR_PORT: String(E2E_EMULATOR_PORT),
      PUBLIC_URL: E2E_BASE_URL,
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      // the usage push runs only when a test presses Push now (e2e/usage.spec.ts), on every closed hour
      USAGE_PUSH_INTERVAL_SECONDS: '3600',
      USAGE_GRACE_SECONDS: '0',
      // the attention specs watch a provisioning job fail attempt after attempt while Query Order answers 500; an open
      // circuit would make it wait instead (not counting attempts, by design). The breaker is tested on its own
      // (tests/integration/jobs/breaker.test.ts); here it opens only after a thousand failures in a row.
      BREAKER_FAILURES: '1000',
      // e2e/alerts.spec.ts watches an alert fire and resolve: the rules are checked every 2 s
      ALERT_EVALUATE_SECONDS: '2',
      SMTP_URL: '',
    },
  },
});
