import { describe, expect, it } from 'vitest';
import { getCallView } from '../../../lib/calls/queries';
import { reinvokeCalls } from '../../../lib/calls/reinvoke';
import { decryptAtRest } from '../../../lib/secrets';
import { formatKitTime } from '../../../lib/kit/time';
import { listApplications, listOrgs, listUsers, findTenant } from '../../../lib/kit/queries';
import { encryptClientSecret, kitCall, nonce, startTestRuntime, useTestRuntime, TEST_KEY } from '../helpers/runtime';

/** spec §3.12 / §7.3, issue 9: the five kit interfaces and the directory they keep, on PostgreSQL. */

const T0 = Date.UTC(2026, 0, 1);
/** the n-th change's timeStamp (UTC+8 on the wire), one second apart */
const ts = (n: number) => formatKitTime(new Date(T0 + n * 1000));
let seq = 0;
/** a fresh instance and tenant per test, so tests do not see each other's rows */
const ids = () => ({ instanceId: `inst-${++seq}-${Date.now().toString(36)}`, tenantId: `tenant-${seq}` });

const tenant = (i: { instanceId: string; tenantId: string }, flag: number, n: number, over: Record<string, unknown> = {}) => ({
  instanceId: i.instanceId,
  orderId: 'CS1906666666ABCDE',
  tenantId: i.tenantId,
  tenantCode: 'huawei',
  name: `Tenant at ${n}`,
  domainName: 'https://example.tenantaccount.com',
  flag,
  testFlag: 0,
  timeStamp: ts(n),
  ...over,
});
const user = (userName: string, over: Record<string, unknown> = {}) => ({
  userName,
  name: `Name ${userName}`,
  orgCode: 'rd',
  position: 'engineer',
  employeeCode: `E-${userName}`,
  employeeType: 1,
  role: 'user',
  enable: 'true',
  mobile: '13800000000',
  email: `${userName}@example.com`,
  workPlace: 'Shenzhen',
  ...over,
});
const auth = (i: { instanceId: string; tenantId: string }, flag: number, n: number, userList: unknown[], appId = 'app-1') => ({
  instanceId: i.instanceId, tenantId: i.tenantId, appId, userList, currentSyncTime: ts(n), flag, testFlag: 1, timeStamp: ts(n),
});
const org = (i: { instanceId: string; tenantId: string }, flag: number, n: number, orgCode: string, over: Record<string, unknown> = {}) => ({
  instanceId: i.instanceId, tenantId: i.tenantId, orgCode, orgName: `Org ${orgCode} at ${n}`, parentCode: 'root', flag, testFlag: 0, timeStamp: ts(n), ...over,
});
const allOrgs = (i: { instanceId: string; tenantId: string }, n: number, orgInfoList: unknown[]) => ({
  instanceId: i.instanceId, tenantId: i.tenantId, orgInfoList, testFlag: 0, timeStamp: ts(n),
});
const app = (i: { instanceId: string; tenantId: string }, flag: number, n: number, secret = encryptClientSecret('the-client-secret')) => ({
  instanceId: i.instanceId, tenantId: i.tenantId, appId: 'app-1', clientId: 'client-1', clientSecret: secret, flag, testFlag: 0, timeStamp: ts(n),
});

const OK = { resultCode: '000000', resultMsg: 'success.' };

describe('kit interfaces: the directory', () => {
  const rt = useTestRuntime({}, { workers: false });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;

  it('tenantSync: add, repeat, modify, an older modify, delete, repeated delete, an older add after it', async () => {
    const i = ids();
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 1, 1) })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 1, 1) })).json).toEqual(OK);
    expect(await q('SELECT 1 FROM kit_tenant WHERE instance_id = $1', [i.instanceId])).toHaveLength(1);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toMatchObject({
      tenantCode: 'huawei', name: 'Tenant at 1', domainName: 'https://example.tenantaccount.com', orderId: 'CS1906666666ABCDE', deleted: false,
    });

    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 2, 5, { name: 'Renamed' }) })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 2, 3, { name: 'Older rename' }) })).json).toEqual(OK);
    expect((await findTenant(rt.pool, i.instanceId, i.tenantId))?.name).toBe('Renamed');

    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 0, 7) })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 0, 7) })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 0, 8) })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 1, 6) })).json).toEqual(OK); // older than the delete
    const t = await findTenant(rt.pool, i.instanceId, i.tenantId);
    expect(t).toMatchObject({ deleted: true, name: 'Renamed' });
    expect(t!.changedAt.toISOString()).toBe(new Date(T0 + 8000).toISOString());

    // a newer add brings it back
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 1, 9) })).json).toEqual(OK);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toMatchObject({ deleted: false, name: 'Tenant at 9' });
  });

  it('tenantSync: a delete arriving before its add leaves a tombstone the older add does not resurrect; no instance needed', async () => {
    const i = ids();
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 0, 5) })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 1, 4) })).json).toEqual(OK);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toMatchObject({ deleted: true });
    expect(await q('SELECT 1 FROM instance WHERE id = $1', [i.instanceId])).toHaveLength(0);
  });

  it('applicationSync: the secret decrypted (OAEP SHA-256 or SHA-1), kept encrypted at rest, never logged', async () => {
    const i = ids();
    const r = await kitCall(rt, 'applicationSync', { body: app(i, 1, 1) });
    expect(r.json).toEqual(OK);
    const [row] = await q<{ client_secret: string; secret_digest: string; client_id: string }>(
      'SELECT client_secret, secret_digest, client_id FROM kit_application WHERE instance_id = $1', [i.instanceId],
    );
    expect(row!.client_id).toBe('client-1');
    expect(row!.secret_digest).toBe('sha256');
    expect(row!.client_secret).not.toContain('the-client-secret');
    expect(decryptAtRest(rt.secrets.encryptionKey, row!.client_secret)).toBe('the-client-secret');

    expect((await kitCall(rt, 'applicationSync', { body: app(i, 2, 2, encryptClientSecret('rotated', 'sha1')) })).json).toEqual(OK);
    const [after] = await q<{ client_secret: string; secret_digest: string }>('SELECT client_secret, secret_digest FROM kit_application WHERE instance_id = $1', [i.instanceId]);
    expect(after!.secret_digest).toBe('sha1');
    expect(decryptAtRest(rt.secrets.encryptionKey, after!.client_secret)).toBe('rotated');

    const logged = await q<{ request_body: string; response_body: string }>(
      `SELECT request_body, response_body FROM call WHERE instance_id = $1 AND activity = 'applicationSync'`, [i.instanceId],
    );
    expect(logged).toHaveLength(2);
    for (const l of logged) {
      expect(l.request_body).toContain('"clientSecret":"***"');
      expect(l.request_body + l.response_body).not.toMatch(/the-client-secret|rotated/);
    }

    expect((await kitCall(rt, 'applicationSync', { body: app(i, 0, 3) })).json).toEqual(OK);
    expect((await kitCall(rt, 'applicationSync', { body: app(i, 0, 3) })).json).toEqual(OK);
    expect(await listApplications(rt.pool, i.instanceId, i.tenantId)).toEqual([]);
    expect(await listApplications(rt.pool, i.instanceId, i.tenantId, { withDeleted: true })).toMatchObject([{ appId: 'app-1', deleted: true, hasSecret: true }]);
  });

  it('applicationSync: a secret this app cannot decrypt is 000002 with what to do', async () => {
    const i = ids();
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = await kitCall(rt, 'applicationSync', { body: app(i, 1, 1, encryptClientSecret('x', 'sha256', other)) });
    expect(r.json).toEqual({ resultCode: '000002', resultMsg: "clientSecret cannot be decrypted with this app's key (upload the public key from Settings)" });
    expect(await q('SELECT 1 FROM kit_application WHERE instance_id = $1', [i.instanceId])).toHaveLength(0);
  });

  it('authSync: add, repeat, modify, cancel authorisation (3), delete (0), out of order', async () => {
    const i = ids();
    expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('zhang'), user('li', { role: 'admin', enable: 'false' })]) })).json).toEqual(OK);
    expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('zhang'), user('li', { role: 'admin', enable: 'false' })]) })).json).toEqual(OK);
    let users = await listUsers(rt.pool, i.instanceId, i.tenantId);
    expect(users).toHaveLength(2);
    expect(users.find((u) => u.userName === 'li')).toMatchObject({ role: 'admin', enabled: false, status: 'active', employeeType: 1, email: 'li@example.com' });

    expect((await kitCall(rt, 'authSync', { body: auth(i, 2, 3, [user('zhang', { position: 'lead' })]) })).json).toEqual(OK);
    expect((await kitCall(rt, 'authSync', { body: auth(i, 2, 2, [user('zhang', { position: 'older' })]) })).json).toEqual(OK);
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId)).find((u) => u.userName === 'zhang')?.position).toBe('lead');

    expect((await kitCall(rt, 'authSync', { body: auth(i, 3, 4, [user('zhang')]) })).json).toEqual(OK);
    expect((await kitCall(rt, 'authSync', { body: auth(i, 0, 5, [user('li')]) })).json).toEqual(OK);
    expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 4, [user('li')]) })).json).toEqual(OK); // older add: no resurrection
    users = await listUsers(rt.pool, i.instanceId, i.tenantId, { status: 'all' });
    expect(Object.fromEntries(users.map((u) => [u.userName, u.status]))).toEqual({ zhang: 'deauthorised', li: 'deleted' });
    expect(await listUsers(rt.pool, i.instanceId, i.tenantId)).toEqual([]);

    // a modify does not bring back a cancelled user; a newer add does
    expect((await kitCall(rt, 'authSync', { body: auth(i, 2, 6, [user('zhang', { position: 'x' })]) })).json).toEqual(OK);
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId, { status: 'all' })).find((u) => u.userName === 'zhang')).toMatchObject({ status: 'deauthorised', position: 'x' });
    expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 7, [user('zhang')]) })).json).toEqual(OK);
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId)).map((u) => u.userName)).toEqual(['zhang']);
  });

  it('authSync: users are per application', async () => {
    const i = ids();
    await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('wang')], 'app-a') });
    await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('wang')], 'app-b') });
    await kitCall(rt, 'authSync', { body: auth(i, 0, 2, [user('wang')], 'app-a') });
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId)).map((u) => u.appId)).toEqual(['app-b']);
  });

  it('authSync: 500 users in one call', async () => {
    const i = ids();
    const list = Array.from({ length: 500 }, (_, n) => user(`user-${String(n).padStart(3, '0')}`));
    const started = performance.now();
    const r = await kitCall(rt, 'authSync', { body: auth(i, 1, 1, list) });
    const ms = performance.now() - started;
    console.log(`authSync of 500 users answered in ${ms.toFixed(0)} ms`);
    expect(r.json).toEqual(OK);
    expect(await listUsers(rt.pool, i.instanceId, i.tenantId)).toHaveLength(500);
    expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 2, [...list, user('one-more')]) })).json).toMatchObject({
      resultCode: '000002', resultMsg: 'userList lists more than 500 users',
    });
  });

  it('singleOrgSync: add, repeat, modify, an older modify, delete', async () => {
    const i = ids();
    for (const n of [1, 1]) expect((await kitCall(rt, 'singleOrgSync', { body: org(i, 1, n, 'rd') })).json).toEqual(OK);
    expect(await listOrgs(rt.pool, i.instanceId, i.tenantId)).toMatchObject([{ orgCode: 'rd', orgName: 'Org rd at 1', parentCode: 'root' }]);
    await kitCall(rt, 'singleOrgSync', { body: org(i, 2, 3, 'rd', { orgName: 'R&D', parentCode: 'eng' }) });
    await kitCall(rt, 'singleOrgSync', { body: org(i, 2, 2, 'rd', { orgName: 'older' }) });
    expect(await listOrgs(rt.pool, i.instanceId, i.tenantId)).toMatchObject([{ orgName: 'R&D', parentCode: 'eng' }]);
    expect((await kitCall(rt, 'singleOrgSync', { body: org(i, 0, 4, 'rd') })).json).toEqual(OK);
    expect((await kitCall(rt, 'singleOrgSync', { body: org(i, 0, 4, 'rd') })).json).toEqual(OK);
    expect(await listOrgs(rt.pool, i.instanceId, i.tenantId)).toEqual([]);
  });

  it('allOrgSync: replaces the tree; an older full sync is ignored; a newer single change stands', async () => {
    const i = ids();
    const node = (orgCode: string, parentCode?: string) => ({ orgCode, orgName: `Org ${orgCode}`, ...(parentCode ? { parentCode } : {}) });
    expect((await kitCall(rt, 'allOrgSync', { body: allOrgs(i, 10, [node('root'), node('a', 'root'), node('b', 'root')]) })).json).toEqual(OK);
    expect((await listOrgs(rt.pool, i.instanceId, i.tenantId)).map((o) => o.orgCode)).toEqual(['a', 'b', 'root']);

    // a single change newer than the next full sync
    await kitCall(rt, 'singleOrgSync', { body: org(i, 1, 30, 'late', { parentCode: 'root' }) });
    expect((await kitCall(rt, 'allOrgSync', { body: allOrgs(i, 20, [node('root'), node('a', 'root'), node('c', 'a')]) })).json).toEqual(OK);
    expect((await listOrgs(rt.pool, i.instanceId, i.tenantId)).map((o) => o.orgCode)).toEqual(['a', 'c', 'late', 'root']);

    // an older full sync changes nothing; the same one again neither
    expect((await kitCall(rt, 'allOrgSync', { body: allOrgs(i, 15, [node('root')]) })).json).toEqual(OK);
    expect((await kitCall(rt, 'allOrgSync', { body: allOrgs(i, 20, [node('root')]) })).json).toEqual(OK);
    expect((await listOrgs(rt.pool, i.instanceId, i.tenantId)).map((o) => o.orgCode)).toEqual(['a', 'c', 'late', 'root']);
    expect((await listOrgs(rt.pool, i.instanceId, i.tenantId, { withDeleted: true })).find((o) => o.orgCode === 'b')?.deleted).toBe(true);
  });

  it('allOrgSync: 5,000 orgs answered in well under the marketplace 5 s timeout', async () => {
    const i = ids();
    const list = Array.from({ length: 5000 }, (_, n) => ({
      orgCode: `org-${n}`, orgName: `部门 ${n}`, parentCode: n === 0 ? '' : `org-${Math.floor((n - 1) / 10)}`,
    }));
    const body = allOrgs(i, 1, list);
    console.log(`allOrgSync body: ${Buffer.byteLength(JSON.stringify(body))} bytes`);
    const started = performance.now();
    const r = await kitCall(rt, 'allOrgSync', { body });
    const ms = performance.now() - started;
    console.log(`allOrgSync of 5,000 orgs answered in ${ms.toFixed(0)} ms`);
    expect(r.json).toEqual(OK);
    expect(ms).toBeLessThan(3000);
    expect(await q('SELECT 1 FROM kit_org WHERE instance_id = $1 AND NOT deleted', [i.instanceId])).toHaveLength(5000);
    // the next full tree drops half of them
    const started2 = performance.now();
    expect((await kitCall(rt, 'allOrgSync', { body: allOrgs(i, 2, list.slice(0, 2500)) })).json).toEqual(OK);
    console.log(`allOrgSync replacing 5,000 by 2,500 orgs answered in ${(performance.now() - started2).toFixed(0)} ms`);
    expect(await q('SELECT 1 FROM kit_org WHERE instance_id = $1 AND NOT deleted', [i.instanceId])).toHaveLength(2500);
  });

  it('50 concurrent duplicates of each interface give one row each and 50 successes', async () => {
    const i = ids();
    const many = (name: string, body: Record<string, unknown>) => Promise.all(Array.from({ length: 50 }, () => kitCall(rt, name, { body })));
    const answers = (
      await Promise.all([
        many('tenantSync', tenant(i, 1, 1)),
        many('applicationSync', app(i, 1, 1)),
        many('authSync', auth(i, 1, 1, [user('zhang'), user('li')])),
        many('singleOrgSync', org(i, 1, 1, 'rd')),
        many('allOrgSync', allOrgs(i, 1, [{ orgCode: 'root', orgName: 'Root' }, { orgCode: 'rd', orgName: 'R&D', parentCode: 'root' }])),
      ])
    ).flat();
    expect(answers.filter((a) => a.json.resultCode !== '000000').map((a) => a.json)).toEqual([]);
    const count = async (table: string) => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE instance_id = $1`, [i.instanceId]))[0]!.n;
    expect(await count('kit_tenant')).toBe(1);
    expect(await count('kit_application')).toBe(1);
    expect(await count('kit_user')).toBe(2);
    expect(await count('kit_org')).toBe(2);
    expect(await count('kit_org_tree')).toBe(1);
  });

  it('two runtimes on one database: concurrent duplicates give one row', async () => {
    const other = await startTestRuntime({ DATABASE_URL: rt.config.databaseUrl! }, { workers: false });
    try {
      const i = ids();
      const body = auth(i, 1, 1, [user('zhang')]);
      const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => kitCall(n % 2 ? rt : other, 'authSync', { body })));
      expect(new Set(answers.map((a) => a.json.resultCode))).toEqual(new Set(['000000']));
      const tenants = await Promise.all(Array.from({ length: 40 }, (_, n) => kitCall(n % 2 ? rt : other, 'tenantSync', { body: tenant(i, 1, 1) })));
      expect(new Set(tenants.map((a) => a.json.resultCode))).toEqual(new Set(['000000']));
      expect(await q('SELECT 1 FROM kit_user WHERE instance_id = $1', [i.instanceId])).toHaveLength(1);
      expect(await q('SELECT 1 FROM kit_tenant WHERE instance_id = $1', [i.instanceId])).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('every call is in the call log: activity, instance, tenant and app ids, the signature variant and key label', async () => {
    const i = ids();
    await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('zhang')]) });
    const [row] = await q<Record<string, unknown>>(
      `SELECT activity, instance_id, tenant_id, app_id, signature_verdict, signature_detail, result_code, success, test_flag, url, response_status
         FROM call WHERE instance_id = $1`, [i.instanceId],
    );
    expect(row).toMatchObject({
      activity: 'authSync', instance_id: i.instanceId, tenant_id: i.tenantId, app_id: 'app-1', signature_verdict: 'valid',
      signature_detail: 'sorted body, MARKETPLACE_KEY, timestamp in ms', result_code: '000000', success: true, test_flag: true,
      url: '/api/produce/produceAPI/v2/authSync', response_status: 200,
    });
    expect(String(row!.signature_detail)).not.toContain(TEST_KEY);
  });

  it('bad input is 000002 naming the field; an unknown interface is 000002 naming it', async () => {
    const i = ids();
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 5, 1) })).json).toEqual({ resultCode: '000002', resultMsg: 'flag must be one of 0, 1, 2' });
    expect((await kitCall(rt, 'tenantSync', { body: tenant(i, 1, 1, { tenantId: undefined }) })).json).toEqual({ resultCode: '000002', resultMsg: 'tenantId is required' });
    expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('a', { role: 'root' })]) })).json).toEqual({
      resultCode: '000002', resultMsg: 'userList[0]: role must be "user" or "admin"',
    });
    // signed as sent (the raw variant), but not JSON
    expect((await kitCall(rt, 'tenantSync', { body: 'not json' })).json.resultCode).toBe('000002');
    const unknown = await kitCall(rt, 'userSync', { body: tenant(i, 1, 1) });
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({
      resultCode: '000002',
      resultMsg: 'interface "userSync" is not a kit interface (expected one of tenantSync, applicationSync, authSync, singleOrgSync, allOrgSync)',
    });
    const [logged] = await q<{ activity: string; result_code: string }>(
      `SELECT activity, result_code FROM call WHERE instance_id = $1 AND activity = 'userSync'`, [i.instanceId],
    );
    expect(logged).toEqual({ activity: 'userSync', result_code: '000002' });
  });

  it('a private key that cannot be read decrypts nothing: 000002, the seller told to upload the key', async () => {
    const r = await kitCall(rt, 'applicationSync', { body: app(ids(), 1, 1), privateKey: 'not a pem' });
    expect(r.status).toBe(200);
    expect(r.json.resultCode).toBe('000002');
  });

  it('a failed kit call re-invoked from the console runs as the same kit interface', async () => {
    const i = ids();
    await rt.pool.query('ALTER TABLE kit_user RENAME TO kit_user_away');
    try {
      expect((await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('zhang')]) })).json.resultCode).toBe('000005');
    } finally {
      await rt.pool.query('ALTER TABLE kit_user_away RENAME TO kit_user');
    }
    const [failed] = (await rt.pool.query<{ id: string }>(`SELECT id::text FROM call WHERE instance_id = $1`, [i.instanceId])).rows;
    const support = { id: 'x', email: 'support@kit.test', name: null, role: 'support' as const, locale: 'en' as const };
    const [result] = await reinvokeCalls({ pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey }, [failed!.id], support);
    expect(result).toMatchObject({ ok: true, resultCode: '000000', success: true });
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId)).map((u) => u.userName)).toEqual(['zhang']);
    const [again] = (await rt.pool.query(`SELECT activity, tenant_id, app_id FROM call WHERE reinvoked_from = $1`, [failed!.id])).rows;
    expect(again).toEqual({ activity: 'authSync', tenant_id: i.tenantId, app_id: 'app-1' });
  });

  it('a failed applicationSync is not re-invoked: its clientSecret is stored masked, and says so', async () => {
    const i = ids();
    await rt.pool.query('ALTER TABLE kit_application RENAME TO kit_application_away');
    try {
      expect((await kitCall(rt, 'applicationSync', { body: app(i, 1, 1) })).json.resultCode).toBe('000005');
    } finally {
      await rt.pool.query('ALTER TABLE kit_application_away RENAME TO kit_application');
    }
    const [failed] = (await rt.pool.query<{ id: string }>(`SELECT id::text FROM call WHERE instance_id = $1`, [i.instanceId])).rows;
    const support = { id: 'x', email: 'support@kit.test', name: null, role: 'support' as const, locale: 'en' as const };
    const [result] = await reinvokeCalls({ pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey }, [failed!.id], support);
    expect(result).toMatchObject({ ok: false, why: { key: 'calls.refusal.secretMasked' } });
    expect((await rt.pool.query(`SELECT 1 FROM call WHERE reinvoked_from = $1`, [failed!.id])).rowCount).toBe(0);
  });

  it('the call view masks a user\'s e-mail and mobile for viewers, and shows them to support', async () => {
    const i = ids();
    await kitCall(rt, 'authSync', { body: auth(i, 1, 1, [user('li')]) });
    const [row] = (await rt.pool.query<{ id: string }>(`SELECT id::text FROM call WHERE instance_id = $1`, [i.instanceId])).rows;
    const forViewer = await getCallView(rt, row!.id, { maskPersonal: true });
    expect(forViewer!.requestBody).not.toContain('li@example.com');
    expect(forViewer!.requestBody).not.toContain('13800000000');
    expect(forViewer!.requestBody).toContain('"email":"***"');
    expect(forViewer!.requestBody).toContain('"userName":"li"');
    const forSupport = await getCallView(rt, row!.id);
    expect(forSupport!.requestBody).toContain('li@example.com');
  });

  it('a fault is 000005 with a reference, in the call log, never a 5xx', async () => {
    const i = ids();
    const r = await kitCall(rt, 'applicationSync', { body: app(i, 1, 1), privateKey: () => { throw new Error('key store down'); } });
    expect(r.status).toBe(200);
    expect(r.json.resultCode).toBe('000005');
    expect(r.json.resultMsg).toMatch(/^internal error, reference [0-9a-f]{12}$/);
    expect(r.body).not.toContain('key store down');
    const [row] = (await rt.pool.query(`SELECT result_code, error FROM call WHERE instance_id = $1`, [i.instanceId])).rows;
    expect(row).toMatchObject({ result_code: '000005' });
    expect(row.error).toMatch(/^fault, reference/);
  });
});

describe('kit interfaces: signatures', () => {
  const rt = useTestRuntime({ MARKETPLACE_KEY_KIT: 'the-kit-key', MARKETPLACE_KEY_PREVIOUS: 'the-old-key' }, { workers: false });
  const body = () => tenant(ids(), 1, 1);

  it('takes the kit key and the previous one, refuses the basic key', async () => {
    expect((await kitCall(rt, 'tenantSync', { body: body(), key: 'the-kit-key' })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: body(), key: 'the-old-key' })).json).toEqual(OK);
    const r = await kitCall(rt, 'tenantSync', { body: body(), key: TEST_KEY });
    expect(r.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: x-sign does not match' });
  });

  it('refuses missing headers, a stale timestamp, a replayed nonce, a changed body', async () => {
    expect((await kitCall(rt, 'tenantSync', { body: body(), key: 'the-kit-key', omit: ['x-sign'] })).json).toEqual({
      resultCode: '000001', resultMsg: 'authentication failed: header x-sign missing',
    });
    expect((await kitCall(rt, 'tenantSync', { body: body(), key: 'the-kit-key', timestamp: String(Date.now() - 120_000) })).json.resultMsg).toMatch(
      /^authentication failed: timestamp is 12\d s old/,
    );
    const n = nonce();
    const b = body();
    expect((await kitCall(rt, 'tenantSync', { body: b, key: 'the-kit-key', nonce: n })).json).toEqual(OK);
    expect((await kitCall(rt, 'tenantSync', { body: b, key: 'the-kit-key', nonce: n })).json).toEqual({
      resultCode: '000001', resultMsg: 'authentication failed: nonce has already been used (replayed request)',
    });
    const rows = (await rt.pool.query(`SELECT signature_verdict FROM call WHERE instance_id = $1 ORDER BY id`, [b.instanceId])).rows;
    expect(rows.map((r) => r.signature_verdict)).toEqual(['valid', 'replayed']);
    expect((await kitCall(rt, 'tenantSync', { body: b, key: 'the-kit-key', signature: 'ab'.repeat(32) })).json.resultCode).toBe('000001');
  });
});
