import fs from 'node:fs';
import type { FullConfig } from '@playwright/test';

/** Fails early with a clear message when Chromium is missing; removes the run's DATA_DIR when the run ends. */
export default function globalSetup(config: FullConfig): void {
  const executable = config.projects[0]?.use.launchOptions?.executablePath;
  if (executable && !fs.existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir && !process.env.E2E_KEEP_DATA) {
    // 'exit' comes after the web server was stopped; keep the directory with E2E_KEEP_DATA=1
    process.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  } else if (dataDir) {
    console.log(`[e2e] DATA_DIR kept: ${dataDir}`);
  }
}
