/** Where the e2e server listens; shared by playwright.config.ts and the specs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The app's built-in marketplace emulator, pinned with EMULATOR_PORT so the tests reach its control API. */
export const E2E_EMULATOR_PORT = E2E_PORT + 1;
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
export const PRODUCE_URL = `${E2E_BASE_URL}/api/produce`;
export const MARKETPLACE_KEY = 'e2e-key';
/** Screenshots for people to look at (git-ignored). */
export const SCREENSHOTS = 'e2e/screenshots';
/** The first console administrator, created from ADMIN_EMAIL / ADMIN_PASSWORD at the server's start. */
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password' };
