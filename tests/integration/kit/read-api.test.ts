import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../lib/apikeys/actions';
import { formatKitTime } from '../../../lib/kit/time';
import type { Runtime } from '../../../lib/runtime';
import { consoleUser, encryptClientSecret, kitCall, startTestRuntime } from '../helpers/runtime';
import { serveRuntime, unserveRuntime } from '../helpers/console-routes';

const { GET: tenantRoute } = await import('../../../app/api/v1/tenants/[tenantId]/route');
const { GET: usersRoute } = await import('../../../app/api/v1/tenants/[tenantId]/users/route');
const { GET: orgsRoute } = await import('../../../app/api/v1/tenants/[tenantId]/orgs/route');

/** The directory read API (GET /api/v1/tenants/{tenantId}…, issue 9) through its route handlers on PostgreSQL. */
const T0 = Date.UTC(2026, 0, 1);
const ts = (n: number) => formatKitTime(new Date(T0 + n * 1000));
const OK = { resultCode: '000000', resultMsg: 'success.' };

describe('the directory read API', () => {
  let rt: Runtime;
  let readKey: string;
  let usageKey: string;

  const sync = async (name: string, body: Record<string, unknown>) => expect((await kitCall(rt, name, { body })).json).toEqual(OK);
  const tenant = (instanceId: string, tenantId: string, flag: number, n: number) =>
    sync('tenantSync', { instanceId, orderId: 'CS1', tenantId, tenantCode: 'huawei', name: `Tenant ${instanceId}`, domainName: 'https://idp.example.com', flag, testFlag: 0, timeStamp: ts(n) });
  const user = (userName: string, over: Record<string, unknown> = {}) => ({
    userName, name: `Name ${userName}`, orgCode: 'rd', position: 'engineer', employeeCode: `E-${userName}`, employeeType: 1, role: 'user',
    enable: 'true', mobile: '13800000000', email: `${userName}@example.com`, workPlace: 'Shenzhen', ...over,
  });
  const auth = (instanceId: string, tenantId: string, appId: string, flag: number, n: number, userList: unknown[]) =>
    sync('authSync', { instanceId, tenantId, appId, userList, currentSyncTime: ts(n), flag, testFlag: 0, timeStamp: ts(n) });

  async function get(route: typeof tenantRoute, tenantId: string, path: string, key: string | null = readKey) {
    const req = new Request(`http://app.test/api/v1/tenants/${encodeURIComponent(tenantId)}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    const res = await route(req, { params: Promise.resolve({ tenantId }) });
    return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  beforeAll(async () => {
    rt = await startTestRuntime({ ADMIN_EMAIL: 'dir-admin@example.com', ADMIN_PASSWORD: 'dir-admin-password', API_RATE_LIMIT_PER_SECOND: '0' }, { workers: false });
    serveRuntime(rt);
    const admin = await consoleUser(rt, 'dir-admin@example.com', 'dir-admin-password');
    ({ key: readKey } = await createApiKey(rt, admin, { name: 'reader', scopes: ['directory:read'] }));
    ({ key: usageKey } = await createApiKey(rt, admin, { name: 'meter', scopes: ['usage:write'] }));

    await tenant('inst-a', 'T1', 1, 1);
    await sync('applicationSync', { instanceId: 'inst-a', tenantId: 'T1', appId: 'app-1', clientId: 'client-1', clientSecret: encryptClientSecret('s3cret-value'), flag: 1, testFlag: 0, timeStamp: ts(2) });
    await sync('applicationSync', { instanceId: 'inst-a', tenantId: 'T1', appId: 'app-2', clientId: 'client-2', clientSecret: encryptClientSecret('s3cret-value'), flag: 1, testFlag: 0, timeStamp: ts(2) });
    await auth('inst-a', 'T1', 'app-1', 1, 3, Array.from({ length: 7 }, (_, i) => user(`u${i}`, i === 6 ? { enable: 'false', orgCode: 'ops' } : {})));
    await auth('inst-a', 'T1', 'app-2', 1, 3, [user('u0'), user('v1', { orgCode: 'ops' })]);
    await auth('inst-a', 'T1', 'app-1', 0, 4, [user('u1')]);
    await auth('inst-a', 'T1', 'app-1', 3, 4, [user('u2')]);
    await sync('allOrgSync', {
      instanceId: 'inst-a', tenantId: 'T1', testFlag: 0, timeStamp: ts(5),
      orgInfoList: [{ orgCode: 'root', orgName: 'HQ' }, { orgCode: 'rd', orgName: 'R&D', parentCode: 'root' }, { orgCode: 'ops', orgName: 'Ops', parentCode: 'root' }, { orgCode: 'fe', orgName: 'Front end', parentCode: 'rd' }],
    });
    // the same tenantId under two instances, and a deleted tenant
    await tenant('inst-b', 'T2', 1, 1);
    await tenant('inst-c', 'T2', 1, 1);
    await tenant('inst-d', 'T3', 1, 1);
    await tenant('inst-d', 'T3', 0, 2);
  });
  afterAll(async () => {
    unserveRuntime();
    await rt?.close();
  });

  it('needs a key with directory:read: 401 without a key, 403 with usage:write only', async () => {
    for (const route of [tenantRoute, usersRoute, orgsRoute]) {
      expect(await get(route, 'T1', '', null)).toMatchObject({ status: 401, json: { error: { key: 'unauthorized' } } });
      expect(await get(route, 'T1', '', usageKey)).toMatchObject({ status: 403, json: { error: { key: 'forbidden' } } });
    }
  });

  it('answers the tenant with its applications, never the secret', async () => {
    const { status, json } = await get(tenantRoute, 'T1', '');
    expect(status).toBe(200);
    expect(json).toMatchObject({ id: 'T1', instanceId: 'inst-a', tenantCode: 'huawei', name: 'Tenant inst-a', domainName: 'https://idp.example.com', orderId: 'CS1', testFlag: false });
    expect(json.applications).toEqual([
      { appId: 'app-1', clientId: 'client-1', hasSecret: true, updatedAt: new Date(T0 + 2000).toISOString() },
      { appId: 'app-2', clientId: 'client-2', hasSecret: true, updatedAt: new Date(T0 + 2000).toISOString() },
    ]);
    expect(JSON.stringify(json)).not.toMatch(/s3cret|clientSecret/);
  });

  it('404 for an unknown or deleted tenant, 409 for a tenantId under several instances unless instanceId names one', async () => {
    expect(await get(tenantRoute, 'nope', '')).toMatchObject({ status: 404, json: { error: { key: 'notFound' } } });
    expect(await get(tenantRoute, 'T3', '')).toMatchObject({ status: 404, json: { error: { key: 'notFound' } } });
    expect(await get(tenantRoute, 'T1', '?instanceId=inst-b')).toMatchObject({ status: 404 });
    const ambiguous = await get(usersRoute, 'T2', '');
    expect(ambiguous).toMatchObject({ status: 409, json: { error: { key: 'ambiguousTenant' } } });
    expect(ambiguous.json.error.message).toContain('inst-b, inst-c');
    expect(await get(tenantRoute, 'T2', '?instanceId=inst-c')).toMatchObject({ status: 200, json: { id: 'T2', instanceId: 'inst-c', applications: [] } });
    expect(await get(tenantRoute, 'T2', '?instanceId=')).toMatchObject({ status: 400, json: { error: { key: 'invalidQuery' } } });
  });

  it('pages the users with a cursor, leaving out deleted and deauthorised ones unless asked', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, json } = await get(usersRoute, 'T1', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(json.data.length).toBeLessThanOrEqual(2);
      seen.push(...json.data.map((u: { id: string }) => u.id));
      cursor = json.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['app-1:u0', 'app-1:u3', 'app-1:u4', 'app-1:u5', 'app-1:u6', 'app-2:u0', 'app-2:v1']);
    expect(pages).toBe(4);
    const all = await get(usersRoute, 'T1', '?includeInactive=true&appId=app-1&limit=200');
    expect(all.json.data.map((u: { userName: string; status: string }) => `${u.userName}:${u.status}`)).toEqual([
      'u0:active', 'u1:deleted', 'u2:deauthorised', 'u3:active', 'u4:active', 'u5:active', 'u6:active',
    ]);
    expect(all.json.nextCursor).toBeUndefined();
    const u0 = (await get(usersRoute, 'T1', '?limit=1')).json.data[0];
    expect(u0).toMatchObject({
      id: 'app-1:u0', appId: 'app-1', userName: 'u0', displayName: 'Name u0', active: true, enabled: true, role: 'user', title: 'engineer',
      employeeNumber: 'E-u0', orgCode: 'rd', emails: [{ value: 'u0@example.com', primary: true }], phoneNumbers: [{ value: '13800000000', type: 'mobile' }],
    });
  });

  it('filters users by app, org and enabled, and refuses a bad parameter naming it', async () => {
    const ids = async (q: string) => (await get(usersRoute, 'T1', q)).json.data.map((u: { id: string }) => u.id);
    expect(await ids('?appId=app-2')).toEqual(['app-2:u0', 'app-2:v1']);
    expect(await ids('?orgCode=ops')).toEqual(['app-1:u6', 'app-2:v1']);
    expect(await ids('?enabled=false')).toEqual(['app-1:u6']);
    expect(await ids('?enabled=true&orgCode=ops')).toEqual(['app-2:v1']);
    for (const q of ['?limit=201', '?limit=0', '?cursor=garbage', '?enabled=maybe']) {
      const r = await get(usersRoute, 'T1', q);
      expect(r, q).toMatchObject({ status: 400, json: { error: { key: 'invalidQuery' } } });
      expect(r.json.error.message.split(' ')[0], q).toBe(q.slice(1).split('=')[0]);
    }
  });

  it('answers the org tree flat with parentCode, or nested', async () => {
    const flat = await get(orgsRoute, 'T1', '');
    expect(flat.status).toBe(200);
    expect(flat.json.data.map((o: { orgCode: string; parentCode: string | null; name: string }) => [o.orgCode, o.parentCode, o.name])).toEqual([
      ['fe', 'rd', 'Front end'], ['ops', 'root', 'Ops'], ['rd', 'root', 'R&D'], ['root', null, 'HQ'],
    ]);
    const tree = await get(orgsRoute, 'T1', '?format=tree');
    expect(tree.json.data).toMatchObject([
      { orgCode: 'root', children: [{ orgCode: 'ops', children: [] }, { orgCode: 'rd', children: [{ orgCode: 'fe', children: [] }] }] },
    ]);
    expect(await get(orgsRoute, 'T1', '?format=nested')).toMatchObject({ status: 400, json: { error: { key: 'invalidQuery' } } });
  });
});
