import { beforeAll, describe, expect, it, vi } from 'vitest';
import { formatKitTime } from '../../../lib/kit/time';
import { callAs, consoleUsers, serveRuntime } from '../helpers/console-routes';
import { encryptClientSecret, kitCall, useTestRuntime } from '../helpers/runtime';

vi.mock('next-auth', () => import('../helpers/console-routes').then((m) => m.nextAuthMock));
vi.mock('../../../lib/auth/options', () => ({ authOptions: {} }));

const listRoute = await import('../../../app/api/console/tenants/route');
const detailRoute = await import('../../../app/api/console/tenants/[instanceId]/[tenantId]/route');

const T0 = Date.UTC(2026, 0, 1);
const ts = (n: number) => formatKitTime(new Date(T0 + n * 1000));
const I = `tc-inst-${Date.now().toString(36)}`;
const TID = 'tc-tenant';
const OK = { resultCode: '000000', resultMsg: 'success.' };

/** The Tenants page's console APIs (issue 9) on PostgreSQL, with the directory written through the real kit interfaces. */
describe('tenants console APIs', () => {
  const rt = useTestRuntime({}, { workers: false });
  let ids: Record<'admin' | 'viewer' | 'support', string>;

  beforeAll(async () => {
    serveRuntime(rt);
    ids = await consoleUsers(rt, 'tenants', { viewer: 'viewer', support: 'support' });
    await rt.pool.query(`INSERT INTO customer (customer_id, customer_name) VALUES ('cust-tc', 'Acme Tenants Ltd')`);
    await rt.pool.query(
      `INSERT INTO instance (id, order_id, order_line_id, status, charging_mode, product_id, sku_code, customer_id) VALUES ($1, 'O-TC', 'O-TC-1', 'active', 'PERIOD', 'P', 'S', 'cust-tc')`,
      [I],
    );
    const base = { instanceId: I, tenantId: TID, testFlag: 0 };
    const r = [
      await kitCall(rt, 'tenantSync', { body: { ...base, orderId: 'O-TC', tenantCode: 'acme', name: 'Acme', domainName: 'https://acme.example', flag: 1, timeStamp: ts(1) } }),
      await kitCall(rt, 'applicationSync', { body: { ...base, appId: 'app-1', clientId: 'client-1', clientSecret: encryptClientSecret('s3cret-value'), flag: 1, timeStamp: ts(2) } }),
      await kitCall(rt, 'applicationSync', { body: { ...base, appId: 'app-2', clientId: 'client-2', clientSecret: encryptClientSecret('other'), flag: 1, timeStamp: ts(3) } }),
      await kitCall(rt, 'singleOrgSync', { body: { ...base, orgCode: 'root', orgName: 'Acme', parentCode: '', flag: 1, timeStamp: ts(4) } }),
      await kitCall(rt, 'singleOrgSync', { body: { ...base, orgCode: 'rd', orgName: 'R&D', parentCode: 'root', flag: 1, timeStamp: ts(5) } }),
    ];
    const u = (userName: string, over: Record<string, unknown> = {}) => ({
      userName, name: `Name ${userName}`, orgCode: 'rd', role: 'user', enable: 'true', mobile: '13800000000', email: `${userName}@acme.example`, ...over,
    });
    r.push(
      await kitCall(rt, 'authSync', {
        body: { ...base, appId: 'app-1', flag: 1, currentSyncTime: ts(6), timeStamp: ts(6), userList: [u('alice', { role: 'admin' }), u('bob', { enable: 'false' }), u('carol')] },
      }),
      await kitCall(rt, 'authSync', { body: { ...base, appId: 'app-2', flag: 1, currentSyncTime: ts(7), timeStamp: ts(7), userList: [u('alice')] } }),
    );
    for (const x of r) expect(x.json).toEqual(OK);
  });

  const get = (as: keyof typeof ids | null, route: { GET: (req: Request, ctx: never) => Promise<Response> }, path: string, params?: Record<string, string>) =>
    callAs(as && ids[as], route.GET, `/api/console/tenants${path}`, { params });

  it('lists tenants with applications (never the secret) and counts, by instance and by customer', async () => {
    expect((await get(null, listRoute, '')).status).toBe(401);
    const byInstance = await get('viewer', listRoute, `?instanceId=${I}`);
    expect(byInstance.status).toBe(200);
    expect(byInstance.text).not.toContain('s3cret');
    expect(byInstance.json.tenants).toHaveLength(1);
    expect(byInstance.json.tenants[0]).toMatchObject({
      instanceId: I, tenantId: TID, name: 'Acme', tenantCode: 'acme', customerId: 'cust-tc', customerName: 'Acme Tenants Ltd', userCount: 3, orgCount: 2,
      applications: [{ appId: 'app-1', clientId: 'client-1', hasSecret: true }, { appId: 'app-2', clientId: 'client-2', hasSecret: true }],
    });
    expect(Object.keys(byInstance.json.tenants[0].applications[0])).not.toContain('clientSecret');
    expect((await get('viewer', listRoute, '?customer=acme%20ten')).json.tenants.map((t: { tenantId: string }) => t.tenantId)).toEqual([TID]);
    expect((await get('viewer', listRoute, '?customer=cust-tc')).json.tenants).toHaveLength(1);
    expect((await get('viewer', listRoute, '?customer=nobody')).json.tenants).toEqual([]);
  });

  it('shows one tenant: applications, users masked for viewers, filters, the org tree and its calls', async () => {
    const params = { instanceId: I, tenantId: TID };
    const v = await get('viewer', detailRoute, `/${I}/${TID}`, params);
    expect(v.status).toBe(200);
    expect(v.text).not.toContain('s3cret');
    expect(v.text).not.toContain('13800000000');
    expect(v.text).not.toContain('@acme.example');
    expect(v.json.users.total).toBe(4); // alice twice (two applications), bob, carol
    expect(v.json.users.people).toBe(3);
    expect(v.json.users.rows[0]).toMatchObject({ userName: 'alice', mobile: '***', email: '***' });
    expect(v.json.orgs).toEqual([{ orgCode: 'root', orgName: 'Acme', children: [{ orgCode: 'rd', orgName: 'R&D', children: [] }] }]);
    expect(v.json.calls.map((c: { activity: string }) => c.activity)).toEqual([
      'authSync', 'authSync', 'singleOrgSync', 'singleOrgSync', 'applicationSync', 'applicationSync', 'tenantSync',
    ]);
    expect(v.json.calls[0]).toMatchObject({ success: true, resultCode: '000000', id: expect.stringMatching(/^\d+$/) });

    const s = await get('support', detailRoute, `/${I}/${TID}?q=ALI&appId=app-1`, params);
    expect(s.json.users.rows).toEqual([expect.objectContaining({ userName: 'alice', appId: 'app-1', role: 'admin', mobile: '13800000000', email: 'alice@acme.example' })]);
    expect((await get('viewer', detailRoute, `/${I}/${TID}?enabled=false`, params)).json.users.rows.map((u: { userName: string }) => u.userName)).toEqual(['bob']);
    expect((await get('viewer', detailRoute, `/${I}/${TID}?role=admin`, params)).json.users.total).toBe(1);

    const missing = await get('viewer', detailRoute, `/${I}/nope`, { instanceId: I, tenantId: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.key).toBe('tenants.err.notFound');
  });
});
