import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKitRequest, kitInterfaceOfUrl } from '@/lib/kit/schemas';
import { formatKitTime } from '@/lib/kit/time';
import { buildKitV1Request, kitBodyV1 } from '@/lib/marketplace/kit';
import { v1AuthToken, v1KitFields } from '@/lib/marketplace/signature';
import { utc17 } from '@/lib/marketplace/time';
import { verifyKitV1Request } from '@/lib/marketplace/v1/verify';

/** spec §4.11: the joint-operation kit V1, its authToken over the body's fields and its V1 body names. */

const vectors = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../shared/spec/test-vectors.json'), 'utf8')) as {
  key: string;
  v1AuthToken: { params: Record<string, string>; authToken: string };
};
const KEY = 'kit-v1-key';
const NOW = Date.UTC(2026, 11, 3, 6, 0, 0);
const keys = [{ key: KEY, label: 'MARKETPLACE_KEY_V1' }];
const verify = (body: Record<string, unknown> | undefined, token: string | undefined, now = NOW) => verifyKitV1Request({ token, body, keys, now, windowMs: 600_000 });

describe('V1 kit authToken (spec §4.11)', () => {
  it('is the V1 authToken over the body fields: a flat body of the vector parameters gives the vector token', () => {
    expect(v1AuthToken(vectors.key, v1KitFields(vectors.v1AuthToken.params))).toBe(vectors.v1AuthToken.authToken);
  });

  it('numbers as JSON writes them, null as empty, nested lists as compact JSON (received order, or sorted keys)', () => {
    const body = { flag: 1, testFlag: 0, parentCode: null, userList: [{ userName: 'z', email: 'z@x' }], timeStamp: '20261203140000000' };
    expect(v1KitFields(body)).toEqual({ flag: '1', testFlag: '0', parentCode: '', userList: '[{"userName":"z","email":"z@x"}]', timeStamp: '20261203140000000' });
    expect(v1KitFields(body, 'sorted').userList).toBe('[{"email":"z@x","userName":"z"}]');
    expect(v1KitFields({ authToken: 'x', a: 'b' })).toEqual({ a: 'b' });
  });

  it('verifies a built request: the key and zone named, the body tampered with refused', () => {
    const body = kitBodyV1('tenantSync', { instanceId: 'i', tenantId: 't', tenantCode: 'c', name: 'n', flag: 1 }, { now: new Date(NOW - 5000) });
    const req = buildKitV1Request({ url: 'https://seller.example/saasproduce', name: 'tenantSync', key: KEY, body });
    expect(req.url).toBe('https://seller.example/saasproduce/produceAPI/tenantSync');
    expect(req.body).toBe(JSON.stringify(body));
    const token = req.headers.authToken!;
    expect(verify(body, token)).toMatchObject({ ok: true, detail: 'V1 authToken, MARKETPLACE_KEY_V1, timeStamp UTC+8 5 s old' });
    expect(verify({ ...body, name: 'm' }, token)).toMatchObject({ ok: false, verdict: 'invalid', detail: 'V1 kit authToken, tried MARKETPLACE_KEY_V1' });
    expect(verify(body, `"${token}"`).ok).toBe(true);
    expect(verify(body, token.replace(/\+/g, ' ')).ok).toBe(true);
  });

  it('the timeStamp is read as UTC+8 or UTC, within the window either way; stale is expired, naming the key', () => {
    const utc = { instanceId: 'i', timeStamp: utc17(new Date(NOW - 60_000)) };
    expect(verify(utc, v1AuthToken(KEY, v1KitFields(utc)))).toMatchObject({ ok: true, detail: 'V1 authToken, MARKETPLACE_KEY_V1, timeStamp UTC 60 s old' });
    const stale = { instanceId: 'i', timeStamp: formatKitTime(new Date(NOW - 700_000)) };
    expect(verify(stale, v1AuthToken(KEY, v1KitFields(stale)))).toMatchObject({ ok: false, verdict: 'expired', key: keys[0], message: 'authentication failed: timeStamp is 700 s old (limit 600 s)' });
    const garbage = { instanceId: 'i', timeStamp: 'yesterday' };
    expect(verify(garbage, v1AuthToken(KEY, v1KitFields(garbage)))).toMatchObject({ ok: false, verdict: 'invalid', message: expect.stringContaining('UTC+8 or UTC') });
  });

  it('nothing to check: no header, no JSON object, no timeStamp, no key, an over-long token', () => {
    expect(verify({ timeStamp: '1' }, undefined)).toMatchObject({ ok: false, verdict: 'missing' });
    expect(verify(undefined, 'x')).toMatchObject({ ok: false, verdict: 'invalid' });
    expect(verify({ instanceId: 'i' }, 'x')).toMatchObject({ ok: false, verdict: 'missing', message: 'authentication failed: timeStamp missing from the body' });
    expect(verifyKitV1Request({ token: 'x', body: { timeStamp: '1' }, keys: [], now: NOW, windowMs: 1 })).toMatchObject({ ok: false, verdict: 'no_key' });
    expect(verify({ timeStamp: '1' }, 'x'.repeat(51))).toMatchObject({ ok: false, message: 'authentication failed: authToken is longer than 50 characters' });
  });
});

describe('V1 kit bodies', () => {
  const common = { instanceId: 'i', tenantId: 't', testFlag: 0, timeStamp: formatKitTime(new Date(NOW)) };

  it('allOrgSync names its list orgInfo in V1 (orgInfoList read too); a list sent as a JSON string is read as the list', () => {
    const orgs = [{ orgCode: 'root', orgName: 'HQ' }];
    expect(kitBodyV1('allOrgSync', { instanceId: 'i', tenantId: 't', orgInfoList: orgs })).toHaveProperty('orgInfo', orgs);
    for (const body of [{ ...common, orgInfo: orgs }, { ...common, orgInfoList: orgs }, { ...common, orgInfo: JSON.stringify(orgs) }]) {
      const p = parseKitRequest('allOrgSync', body, { v1: true });
      expect(p).toMatchObject({ ok: true, request: { name: 'allOrgSync', body: { orgInfoList: [{ orgCode: 'root', orgName: 'HQ' }] } } });
    }
    // V2 keeps its own words: orgInfo is not read there
    expect(parseKitRequest('allOrgSync', { ...common, orgInfo: orgs })).toEqual({ ok: false, message: 'orgInfoList is required' });
    expect(parseKitRequest('allOrgSync', { ...common, orgInfo: '[not json' }, { v1: true })).toEqual({ ok: false, message: 'orgInfoList must be an array' });
    const users = JSON.stringify([{ userName: 'z' }]);
    expect(parseKitRequest('authSync', { ...common, appId: 'a', userList: users, currentSyncTime: '1', flag: 1 }, { v1: true })).toMatchObject({ ok: true });
  });

  it('a stored call URL names its interface and generation', () => {
    expect(kitInterfaceOfUrl('/api/produce/produceAPI/v2/tenantSync')).toEqual({ name: 'tenantSync', v1: false });
    expect(kitInterfaceOfUrl('/api/produce/produceAPI/authSync?x=1')).toEqual({ name: 'authSync', v1: true });
    expect(kitInterfaceOfUrl('/api/produce?activity=newInstance')).toBeUndefined();
  });
});
