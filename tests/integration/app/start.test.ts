import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../helpers/app-process';
import { freshDatabase, tempDir, TEST_KEY, waitFor } from '../helpers/runtime';

/** What `npm start` shows an operator and a stranger: the sign-in line on stdout, the icon without a session. */
describe('the started app', () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: await freshDatabase(), DATA_DIR: tempDir(), MARKETPLACE_KEY: TEST_KEY });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('prints where to sign in, as a plain line (PUBLIC_URL defaults to http://localhost:$PORT)', async () => {
    const line = `Sign in at http://localhost:${app.port}/login`;
    await waitFor(async () => app.output().includes(line), 10_000, 'the sign-in line');
    expect(app.output().split('\n')).toContain(line);
    expect(app.output().split(line).length).toBe(2); // once
  });

  it('serves the icon to strangers (not redirected to the sign-in page), and still sends them to sign in for pages', async () => {
    const icon = await fetch(`${app.url}/icon.svg`, { redirect: 'manual' });
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toContain('<svg');
    const login = await fetch(`${app.url}/login`);
    expect(await login.text()).toMatch(/<link rel="icon" href="\/icon\.svg\?[^"]*"[^>]*type="image\/svg\+xml"/);
    const page = await fetch(`${app.url}/`, { redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toContain('/login');
  });
});
