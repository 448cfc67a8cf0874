import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../helpers/app-process';
import { ConsoleSession } from '../helpers/console-session';
import { freshDatabase, tempDir, TEST_KEY } from '../helpers/runtime';

/** The console's cookies against the built app in a `next start` process (lib/auth/options.ts secureCookies). */
const ADMIN = { email: 'cookie-admin@example.com', password: 'cookie-admin-password' };

describe('session cookies', () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({
      DATABASE_URL: await freshDatabase('cookies'),
      DATA_DIR: tempDir(),
      MARKETPLACE_KEY: TEST_KEY,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // behind a TLS proxy: the seller's address is https, while next-auth's own variable names the plain-http hop
      PUBLIC_URL: 'https://seller.example',
      NEXTAUTH_URL: 'http://127.0.0.1:3000',
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('are Secure when PUBLIC_URL is https, and the session works with them', async () => {
    const s = new ConsoleSession(app.url);
    await s.signIn(ADMIN);
    const session = s.setCookies.find((c) => c.includes('next-auth.session-token='));
    expect(session).toMatch(/^__Secure-next-auth\.session-token=.*; Secure/);
    // the proxy and the API find the session under its Secure name (Origin as the browser sends it behind the proxy)
    const users = await s.send('GET', '/api/console/users');
    expect(users.status, users.text).toBe(200);
    const locale = await s.send('POST', '/api/locale', { locale: 'en' }, { origin: 'https://seller.example' });
    expect(locale.status, locale.text).toBe(200);
    expect(s.setCookies.find((c) => c.startsWith('locale='))).toMatch(/; Secure/);
  });
});
