import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../helpers/app-process';
import { ConsoleSession } from '../helpers/console-session';
import { freshDatabase, tempDir, TEST_KEY } from '../helpers/runtime';

/**
 * What every console API request passes before its handler (lib/console/route.ts consoleRoute, lib/auth/guard.ts inputRefusal), against the built app in a
 * `next start` process on a real PostgreSQL: U+0000 in a query parameter, a path parameter or a JSON body string
 * (PostgreSQL refuses it in text, which made eight routes answer 500) is a 400 naming the field; a body that is not
 * JSON is a 415; a request from another origin is a 403.
 */

const ADMIN = { email: 'guard-admin@example.com', password: 'guard-admin-password' };
const NUL = '\u0000';
const NO_ID = '00000000-0000-0000-0000-000000000000';
const PARAMS = { orderId: 'GUARD-ORDER', orderLineId: 'GUARD-ORDER-000001', businessId: 'guard-business', testFlag: '1' };

describe('console API requests', () => {
  let app: AppProcess;
  let db: pg.Pool;
  let s: ConsoleSession;
  let userId: string;
  let caseId: string;

  beforeAll(async () => {
    const databaseUrl = await freshDatabase('guard');
    app = await startApp({
      DATABASE_URL: databaseUrl,
      DATA_DIR: tempDir(),
      MARKETPLACE_KEY: TEST_KEY,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    s = new ConsoleSession(app.url);
    await s.signIn(ADMIN);
    const created = await s.send('POST', '/api/console/users', { email: 'guard-viewer@example.com', role: 'viewer', password: 'viewer-password-1' });
    expect(created.status, created.text).toBe(201);
    userId = (created.json.user as { id: string }).id;
    const saved = await s.send('POST', '/api/console/debugger/cases', { name: 'guard case', activity: 'newInstance', params: PARAMS });
    expect(saved.status, saved.text).toBe(201);
    caseId = (saved.json as { id: string }).id;
  });
  afterAll(async () => {
    await app?.stop();
    await db?.end();
  });

  /** One request per route class, with U+0000 in one field, and the field the answer must name. */
  const cases = (): { name: string; method: string; path: string; body?: unknown; field: string }[] => [
    { name: 'instance filter', method: 'GET', path: '/api/console/instances?q=%00', field: 'q' },
    { name: 'instance filter (status)', method: 'GET', path: '/api/console/instances?status=active%00', field: 'status' },
    { name: 'instance detail', method: 'GET', path: '/api/console/instances/%00', field: 'id' },
    { name: 'instance action', method: 'POST', path: '/api/console/instances/a%00b/actions', body: { action: 'retry' }, field: 'id' },
    { name: 'instance password', method: 'POST', path: '/api/console/instances/%00/password', field: 'id' },
    { name: 'call filter (activity)', method: 'GET', path: '/api/console/calls?activity=%00', field: 'activity' },
    { name: 'call filter (id)', method: 'GET', path: '/api/console/calls?id=1%00', field: 'id' },
    { name: 'call filter (resultCode)', method: 'GET', path: '/api/console/calls?resultCode=%00', field: 'resultCode' },
    { name: 'call detail', method: 'GET', path: '/api/console/calls/%00', field: 'id' },
    { name: 'call re-invocation', method: 'POST', path: '/api/console/calls/reinvoke', body: { ids: ['1', `2${NUL}`] }, field: 'ids[1]' },
    { name: 'user create (email)', method: 'POST', path: '/api/console/users', body: { email: `nul${NUL}@example.com`, role: 'viewer', password: 'long-enough-1' }, field: 'email' },
    { name: 'user create (name)', method: 'POST', path: '/api/console/users', body: { email: 'nul@example.com', name: `N${NUL}`, role: 'viewer', password: 'long-enough-1' }, field: 'name' },
    { name: 'user update', method: 'PATCH', path: `/api/console/users/${userId}`, body: { password: `long-enough${NUL}1` }, field: 'password' },
    { name: 'debug case create', method: 'POST', path: '/api/console/debugger/cases', body: { name: `c${NUL}`, activity: 'newInstance', params: PARAMS }, field: 'name' },
    { name: 'debug case create (param)', method: 'POST', path: '/api/console/debugger/cases', body: { name: 'c', activity: 'newInstance', params: { ...PARAMS, orderId: `O${NUL}` } }, field: 'params.orderId' },
    { name: 'debug case edit', method: 'PUT', path: `/api/console/debugger/cases/${caseId}`, body: { name: `c${NUL}`, activity: 'newInstance', params: PARAMS }, field: 'name' },
    { name: 'debug send', method: 'POST', path: '/api/console/debugger/send', body: { activity: 'newInstance', params: { ...PARAMS, orderId: `O${NUL}` } }, field: 'params.orderId' },
    { name: 'licence action', method: 'POST', path: `/api/console/licences/${NO_ID}/actions`, body: { action: 'deliver', serviceStartTime: '2026-01-01T00:00:00Z', note: `n${NUL}` }, field: 'note' },
    { name: 'licence filter', method: 'GET', path: '/api/console/licences?status=%00', field: 'status' },
    { name: 'licence product', method: 'POST', path: '/api/console/licences/products', body: { productId: `P${NUL}` }, field: 'productId' },
  ];

  it('refuses U+0000 in a query parameter, path parameter or JSON body string with 400 naming the field, and writes nothing', async () => {
    const counts = async () =>
      (
        await db.query<{ users: number; cases: number }>(
          `SELECT (SELECT count(*)::int FROM "user") AS users, (SELECT count(*)::int FROM debug_case) AS cases`,
        )
      ).rows[0]!;
    const before = await counts();
    const seen: Record<string, unknown>[] = [];
    for (const c of cases()) {
      const r = await s.send(c.method, c.path, c.body);
      const error = r.json.error as { message?: string; fields?: object } | undefined;
      seen.push({ name: c.name, status: r.status, field: Object.keys(error?.fields ?? {})[0], error: error?.message });
    }
    expect(seen).toEqual(
      cases().map((c) => ({ name: c.name, status: 400, field: c.field, error: `${c.field}: the character U+0000 (NUL) is not allowed.` })),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a body that is not JSON with 415, in the user’s language; a POST without a body needs no content type', async () => {
    const plain = await s.send('POST', '/api/console/users', JSON.stringify({ email: 'plain@example.com', role: 'admin', password: 'long-enough-1' }), {
      'content-type': 'text/plain',
    });
    expect(plain.status, plain.text).toBe(415);
    expect(plain.json).toEqual({ error: { key: 'errors.contentType', message: 'Send the request body as application/json (Content-Type: application/json).' } });
    const form = await s.send('PATCH', `/api/console/users/${userId}`, 'role=admin', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status, form.text).toBe(415);
    const untyped = await s.send('POST', '/api/console/debugger/cases', new Blob(['{}']));
    expect(untyped.status, untyped.text).toBe(415);
    // the licence upload takes multipart, and only multipart
    const jsonUpload = await s.send('POST', `/api/console/licences/${NO_ID}/file`, { file: 'x' });
    expect(jsonUpload.json).toEqual({ error: { key: 'errors.contentType', message: 'Send the request body as multipart/form-data (Content-Type: multipart/form-data).' } });
    expect(jsonUpload.status).toBe(415);
    // bodiless POSTs (run a case, re-invoke one call) go through
    expect((await s.send('POST', `/api/console/debugger/cases/${caseId}/run`)).status).toBe(200);
    expect((await s.send('POST', '/api/console/calls/999999/reinvoke')).status).toBe(409);
    // the language switch is state-changing too
    expect((await s.send('POST', '/api/locale', 'locale=zh', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await s.send('POST', '/api/locale', { locale: 'zh' })).status).toBe(200);
    const zh = await s.send('POST', '/api/console/users', '{}', { 'content-type': 'text/plain' });
    expect(zh).toMatchObject({ status: 415, json: { error: { message: '请求体须以 application/json 发送（Content-Type: application/json）。' } } });
    expect((await s.send('POST', '/api/locale', { locale: 'en' })).status).toBe(200);
    const users = (await db.query<{ email: string }>(`SELECT email FROM "user" WHERE email = 'plain@example.com'`)).rows;
    expect(users).toEqual([]);
  });

  it('refuses a state-changing request from another origin with 403 JSON; same origin and clients without Origin go through', async () => {
    const host = new URL(app.url).host;
    const evil = await s.send('POST', '/api/console/users', { email: 'evil@example.com', role: 'admin', password: 'long-enough-1' }, { origin: 'http://evil.example' });
    expect([evil.status, evil.json]).toEqual([403, { error: { key: 'errors.crossSite', message: "Refused: this request did not come from the console's own pages (cross-site request)." } }]);
    const port = await s.send('POST', '/api/console/users', { email: 'evil@example.com', role: 'admin', password: 'long-enough-1' }, { 'sec-fetch-site': 'same-site' });
    expect(port.status).toBe(403);
    const own = await s.send('POST', '/api/console/users', { email: 'own@example.com', role: 'viewer', password: 'long-enough-1' }, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
    expect(own.status, own.text).toBe(201);
    const emails = (await db.query<{ email: string }>(`SELECT email FROM "user" ORDER BY email`)).rows.map((r) => r.email);
    expect(emails).toContain('own@example.com');
    expect(emails).not.toContain('evil@example.com');
  });
});
