import { describe, expect, it } from 'vitest';
import { getCall, listFailures } from '../../../lib/calls/queries';
import { reinvokeCalls } from '../../../lib/calls/reinvoke';
import { findTenant, listApplications, listOrgs, listUsers } from '../../../lib/kit/queries';
import { formatKitTime } from '../../../lib/kit/time';
import { kitBodyV1 } from '../../../lib/marketplace/kit';
import { bodySignHeader, v1AuthToken, v1KitFields } from '../../../lib/marketplace/signature';
import { utc17 } from '../../../lib/marketplace/time';
import { encryptClientSecret, kitV1Call, startTestRuntime, useTestRuntime } from '../helpers/runtime';

/** spec §4.11, issue 11: the joint-operation kit V1 (POST /produceAPI/{name}, authToken header, Body-Sign), on the V2 kit's directory. */

const V1_KEY = 'kit-v1-seller-key';
const KIT_KEY = 'kit-v2-bound-key';
const OK = { resultCode: '000000', resultMsg: 'success.' };

let seq = 0;
const ids = () => ({ instanceId: `v1k-${++seq}-${Date.now().toString(36)}`, tenantId: `v1-tenant-${seq}` });
/** the n-th change's timeStamp, n seconds ago (UTC+8 on the wire, as the kit tables give it) */
const ts = (n: number) => formatKitTime(new Date(Date.now() - 100_000 + n * 1000));

const tenant = (i: { instanceId: string; tenantId: string }, flag: number, n: number, over: Record<string, unknown> = {}) =>
  kitBodyV1('tenantSync', { ...i, orderId: 'CS1906666666ABCDE', tenantCode: 'huawei', name: `Tenant ${n}`, domainName: 'https://example.tenantaccount.com', flag, timeStamp: ts(n), ...over }, { testFlag: 0 });
const user = (userName: string) => ({ userName, name: `Name ${userName}`, orgCode: 'rd', role: 'user', enable: 'true', email: `${userName}@example.com` });

describe('kit interfaces V1', () => {
  const rt = useTestRuntime({ MARKETPLACE_KEY_V1: V1_KEY, MARKETPLACE_KEY_KIT: KIT_KEY }, { workers: false });
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await rt.pool.query<T>(sql, params)).rows;
  const lastCall = async () => (await q<{ id: string }>(`SELECT id::text FROM call WHERE direction = 'inbound' ORDER BY call.id DESC LIMIT 1`))[0]!.id;
  /** Every V1 kit answer carries a Body-Sign over the exact bytes sent (spec §4.3, §4.11). */
  const signedBy = (r: { headers: Record<string, string>; body: string }, key = V1_KEY) => expect(r.headers['Body-Sign']).toBe(bodySignHeader(key, r.body));

  it('tenantSync: success with a Body-Sign, the row in the V2 directory, the call logged as V1 with the key and zone that matched', async () => {
    const i = ids();
    const r = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1), key: V1_KEY });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(OK);
    signedBy(r);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toMatchObject({ tenantCode: 'huawei', name: 'Tenant 1', deleted: false });
    const logged = await getCall(rt.pool, await lastCall());
    expect(logged).toMatchObject({ activity: 'tenantSync', method: 'POST', url: '/api/produce/produceAPI/tenantSync', signatureVerdict: 'valid', v1: true, instanceId: i.instanceId });
    expect(logged!.signatureDetail).toMatch(/^V1 authToken, MARKETPLACE_KEY_V1, timeStamp UTC\+8 -?\d+ s old$/);
  });

  it('repeats and replays change nothing: the same add twice, an older modify after a newer one, a repeated delete', async () => {
    const i = ids();
    expect((await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1), key: V1_KEY })).json).toEqual(OK);
    expect((await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1), key: V1_KEY })).json).toEqual(OK);
    expect((await kitV1Call(rt, 'tenantSync', { body: tenant(i, 2, 3, { name: 'Newer' }), key: V1_KEY })).json).toEqual(OK);
    // V1 carries no nonce: the older modify replayed after the newer one answers success and changes nothing
    expect((await kitV1Call(rt, 'tenantSync', { body: tenant(i, 2, 2, { name: 'Older' }), key: V1_KEY })).json).toEqual(OK);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toMatchObject({ name: 'Newer' });
    expect((await kitV1Call(rt, 'tenantSync', { body: tenant(i, 0, 4), key: V1_KEY })).json).toEqual(OK);
    expect((await kitV1Call(rt, 'tenantSync', { body: tenant(i, 0, 4), key: V1_KEY })).json).toEqual(OK);
    expect(await q('SELECT deleted FROM kit_tenant WHERE instance_id = $1', [i.instanceId])).toEqual([{ deleted: true }]);
  });

  it('applicationSync, authSync (userList in the token as JSON), singleOrgSync and allOrgSync (V1 `orgInfo`) fill the directory', async () => {
    const i = ids();
    const app = kitBodyV1('applicationSync', { ...i, appId: 'app-1', clientId: 'client-1', clientSecret: encryptClientSecret('the-secret'), flag: 1, timeStamp: ts(1) });
    const a = await kitV1Call(rt, 'applicationSync', { body: app, key: V1_KEY });
    expect(a.json).toEqual(OK);
    signedBy(a);
    expect(await listApplications(rt.pool, i.instanceId, i.tenantId)).toMatchObject([{ appId: 'app-1', clientId: 'client-1', hasSecret: true }]);

    const auth = kitBodyV1('authSync', { ...i, appId: 'app-1', userList: [user('zhang'), user('li')], currentSyncTime: ts(2), flag: 1, timeStamp: ts(2) });
    // the token covers the list as compact JSON of what was sent
    expect(v1KitFields(auth).userList).toBe(JSON.stringify(auth.userList));
    const u = await kitV1Call(rt, 'authSync', { body: auth, key: V1_KEY });
    expect(u.json).toEqual(OK);
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId)).map((x) => x.userName).sort()).toEqual(['li', 'zhang']);

    const single = kitBodyV1('singleOrgSync', { ...i, orgCode: 'rd', orgName: 'R&D', parentCode: 'root', flag: 1, timeStamp: ts(3) });
    expect((await kitV1Call(rt, 'singleOrgSync', { body: single, key: V1_KEY })).json).toEqual(OK);

    const all = kitBodyV1('allOrgSync', { ...i, orgInfoList: [{ orgCode: 'root', orgName: 'HQ' }, { orgCode: 'sales', orgName: 'Sales', parentCode: 'root' }], timeStamp: ts(4) });
    expect(Object.keys(all)).toContain('orgInfo');
    expect(Object.keys(all)).not.toContain('orgInfoList');
    const o = await kitV1Call(rt, 'allOrgSync', { body: all, key: V1_KEY });
    expect(o.json).toEqual(OK);
    signedBy(o);
    expect((await listOrgs(rt.pool, i.instanceId, i.tenantId)).map((x) => x.orgCode)).toEqual(['root', 'sales']);
  });

  it('accepts every documented variant: nested lists with sorted keys, a list sent as a JSON string, a quoted header, a UTC timeStamp, the kit key', async () => {
    const i = ids();
    const users = [user('wang')];
    const auth = kitBodyV1('authSync', { ...i, appId: 'app-2', userList: users, currentSyncTime: ts(1), flag: 1, timeStamp: ts(1) });
    const sortedToken = v1AuthToken(V1_KEY, v1KitFields(auth, 'sorted'));
    expect(sortedToken).not.toBe(v1AuthToken(V1_KEY, v1KitFields(auth)));
    expect((await kitV1Call(rt, 'authSync', { body: auth, key: V1_KEY, authToken: sortedToken })).json).toEqual(OK);
    expect((await getCall(rt.pool, await lastCall()))!.signatureDetail).toMatch(/^V1 authToken, MARKETPLACE_KEY_V1, nested lists with sorted keys, /);

    // the list as the JSON string it is signed as
    const asString = { ...kitBodyV1('allOrgSync', { ...i, orgInfoList: [], timeStamp: ts(2) }), orgInfo: JSON.stringify([{ orgCode: 'ops', orgName: 'Ops' }]) };
    expect((await kitV1Call(rt, 'allOrgSync', { body: asString, key: V1_KEY })).json).toEqual(OK);
    expect((await listOrgs(rt.pool, i.instanceId, i.tenantId)).map((x) => x.orgCode)).toEqual(['ops']);

    // `authToken: "…"` as one documented example shows it, and a timeStamp in UTC (the V1 tables' zone)
    const utc = tenant(i, 1, 0, { timeStamp: utc17(new Date()) });
    const quoted = `"${v1AuthToken(V1_KEY, v1KitFields(utc))}"`;
    expect((await kitV1Call(rt, 'tenantSync', { body: utc, key: V1_KEY, authToken: quoted })).json).toEqual(OK);
    expect((await getCall(rt.pool, await lastCall()))!.signatureDetail).toMatch(/timeStamp UTC -?\d+ s old$/);

    // the key bound to the kit interfaces signs too; the answer is signed with the key that matched
    const k = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 2, 5), key: KIT_KEY });
    expect(k.json).toEqual(OK);
    signedBy(k, KIT_KEY);
    expect((await getCall(rt.pool, await lastCall()))!.signatureDetail).toMatch(/^V1 authToken, MARKETPLACE_KEY_KIT, /);
  });

  it('refusals are HTTP 200 with a result code and a Body-Sign, and change nothing', async () => {
    const i = ids();
    const wrong = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1), key: 'not-the-key' });
    expect(wrong.status).toBe(200);
    expect(wrong.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: authToken does not match' });
    signedBy(wrong);
    const missing = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1), authToken: null });
    expect(missing.json).toEqual({ resultCode: '000001', resultMsg: 'authentication failed: the authToken header is missing' });
    signedBy(missing);
    const stale = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1, { timeStamp: formatKitTime(new Date(Date.now() - 3_600_000)) }), key: V1_KEY });
    expect(stale.json).toMatchObject({ resultCode: '000001', resultMsg: expect.stringMatching(/^authentication failed: timeStamp is 3600 s old \(limit 600 s\)$/) });
    signedBy(stale);
    const notJson = await kitV1Call(rt, 'tenantSync', { body: '{"instanceId":', authToken: 'x' });
    expect(notJson.json.resultCode).toBe('000001');
    signedBy(notJson);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toBeUndefined();
    const [refused] = await q<{ signature_verdict: string; signature_detail: string }>(
      `SELECT signature_verdict, signature_detail FROM call WHERE instance_id = $1 ORDER BY id LIMIT 1`, [i.instanceId],
    );
    expect(refused).toEqual({ signature_verdict: 'invalid', signature_detail: 'V1 kit authToken, tried MARKETPLACE_KEY_V1, MARKETPLACE_KEY_KIT' });

    // a field out of the table: 000002 naming it, signed
    const bad = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1, { tenantCode: '' }), key: V1_KEY });
    expect(bad.json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringContaining('tenantCode') });
    signedBy(bad);
    const unknown = await kitV1Call(rt, 'userSync', { body: tenant(i, 1, 1), key: V1_KEY });
    expect(unknown.json).toMatchObject({ resultCode: '000002', resultMsg: expect.stringContaining('"userSync" is not a kit interface') });
    signedBy(unknown);
    expect(await findTenant(rt.pool, i.instanceId, i.tenantId)).toBeUndefined();
  });

  it('a failed V1 kit call re-invoked from the console runs as a V1 kit call, its answer signed with the key that matched', async () => {
    const i = ids();
    await rt.pool.query('ALTER TABLE kit_user RENAME TO kit_user_away');
    try {
      const body = kitBodyV1('authSync', { ...i, appId: 'app-1', userList: [user('zhao')], currentSyncTime: ts(1), flag: 1, timeStamp: ts(1) });
      expect((await kitV1Call(rt, 'authSync', { body, key: KIT_KEY })).json.resultCode).toBe('000005');
    } finally {
      await rt.pool.query('ALTER TABLE kit_user_away RENAME TO kit_user');
    }
    const failed = await lastCall();
    expect((await listFailures(rt.pool)).find((f) => f.lastCallId === failed)).toMatchObject({ activity: 'authSync', v1: true });
    const support = { id: 'x', email: 'support@kit.test', name: null, role: 'support' as const, locale: 'en' as const };
    const [result] = await reinvokeCalls({ pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey }, [failed], support);
    expect(result).toMatchObject({ ok: true, resultCode: '000000', success: true });
    expect((await listUsers(rt.pool, i.instanceId, i.tenantId)).map((u) => u.userName)).toEqual(['zhao']);
    const [again] = await q<{ id: string; signature_detail: string; response_body: string }>(`SELECT id::text, signature_detail, response_body FROM call WHERE reinvoked_from = $1`, [failed]);
    expect(again!.signature_detail).toBe(`V1, re-invocation of call ${failed}`);
    expect((await getCall(rt.pool, again!.id))!.v1).toBe(true);
  });
});

describe('kit interfaces V1: the Base64-encoded Key (spec §2, §13.8)', () => {
  it('a Key configured as shown on the EU site (Base64) verifies calls signed with the decoded key, and answers with it', async () => {
    const decoded = 'eu-seller-kit-key';
    const rt = await startTestRuntime({ MARKETPLACE_KEY_V1: Buffer.from(decoded).toString('base64') }, { workers: false });
    try {
      const i = ids();
      const r = await kitV1Call(rt, 'tenantSync', { body: tenant(i, 1, 1), key: decoded });
      expect(r.json).toEqual(OK);
      expect(r.headers['Body-Sign']).toBe(bodySignHeader(decoded, r.body));
      const { rows } = await rt.pool.query<{ signature_detail: string }>(`SELECT signature_detail FROM call WHERE instance_id = $1`, [i.instanceId]);
      expect(rows[0]!.signature_detail).toMatch(/^V1 authToken, MARKETPLACE_KEY_V1 \(Base64-decoded\), /);
    } finally {
      await rt.close();
    }
  });
});
