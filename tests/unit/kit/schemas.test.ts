import { describe, expect, it } from 'vitest';
import { MAX_ORGS, MAX_USERS, parseKitRequest, type KitInterface } from '@/lib/kit/schemas';
import { formatKitTime, parseKitTime } from '@/lib/kit/time';

const base = { instanceId: 'inst-1', tenantId: 'tenant-1', testFlag: 0, timeStamp: '20220413093539534' };
const bodies: Record<KitInterface, Record<string, unknown>> = {
  tenantSync: { ...base, orderId: 'CS1', tenantCode: 'huawei', name: 'Huawei', domainName: 'https://example.tenantaccount.com', flag: 1 },
  applicationSync: { ...base, appId: 'app-1', clientId: 'client-1', clientSecret: 'c2VjcmV0', flag: 1 },
  authSync: { ...base, appId: 'app-1', currentSyncTime: '20220413093539534', flag: 1, userList: [{ userName: 'zhang.san', role: 'admin', enable: 'true', employeeType: 1 }] },
  singleOrgSync: { ...base, orgCode: 'org-1', orgName: 'R&D', parentCode: 'root', flag: 1 },
  allOrgSync: { ...base, orgInfoList: [{ orgCode: 'root', orgName: 'Huawei' }, { orgCode: 'org-1', orgName: 'R&D', parentCode: 'root' }] },
};

function message(name: KitInterface, over: Record<string, unknown>): string | undefined {
  const r = parseKitRequest(name, { ...bodies[name], ...over });
  return r.ok ? undefined : r.message;
}

describe('kit request schemas (spec §3.12 tables)', () => {
  it.each(Object.keys(bodies) as KitInterface[])('%s accepts the documented body', (name) => {
    const r = parseKitRequest(name, bodies[name]);
    expect(r.ok ? 'ok' : r.message).toBe('ok');
  });

  const required: Record<KitInterface, string[]> = {
    tenantSync: ['instanceId', 'tenantId', 'tenantCode', 'name', 'flag', 'testFlag', 'timeStamp'],
    applicationSync: ['instanceId', 'tenantId', 'appId', 'clientId', 'clientSecret', 'flag', 'testFlag', 'timeStamp'],
    authSync: ['instanceId', 'tenantId', 'appId', 'userList', 'currentSyncTime', 'flag', 'testFlag', 'timeStamp'],
    singleOrgSync: ['instanceId', 'tenantId', 'orgCode', 'orgName', 'flag', 'testFlag', 'timeStamp'],
    allOrgSync: ['instanceId', 'tenantId', 'orgInfoList', 'testFlag', 'timeStamp'],
  };
  for (const [name, fields] of Object.entries(required) as [KitInterface, string[]][]) {
    it.each(fields)(`${name} requires %s, naming it`, (field) => {
      expect(message(name, { [field]: undefined })).toBe(`${field} is required`);
    });
  }

  it('optional fields may be absent or empty', () => {
    expect(message('tenantSync', { orderId: undefined, domainName: '' })).toBeUndefined();
    expect(message('singleOrgSync', { parentCode: undefined })).toBeUndefined();
  });

  it('ids are at most 64 characters, name and domainName 255', () => {
    expect(message('tenantSync', { tenantId: 'x'.repeat(65) })).toBe('tenantId is longer than 64 characters');
    expect(message('tenantSync', { tenantId: 'x'.repeat(64) })).toBeUndefined();
    expect(message('tenantSync', { name: 'x'.repeat(256) })).toBe('name is longer than 255 characters');
    expect(message('tenantSync', { domainName: 'x'.repeat(256) })).toBe('domainName is longer than 255 characters');
    expect(message('tenantSync', { orderId: 'x'.repeat(65) })).toBe('orderId is longer than 64 characters');
    expect(message('applicationSync', { appId: 'x'.repeat(65) })).toBe('appId is longer than 64 characters');
  });

  it('refuses blank and U+0000 values', () => {
    expect(message('tenantSync', { tenantCode: '' })).toBe('tenantCode must not be empty');
    expect(message('tenantSync', { tenantCode: '  ' })).toBe('tenantCode must not be only spaces');
    expect(message('tenantSync', { name: 'a\u0000b' })).toBe('name must not contain the character U+0000');
    expect(message('tenantSync', { tenantId: 5 })).toBe('tenantId must be a string');
  });

  it('flag: 0, 1, 2 for tenants, applications and orgs; 0 to 3 for authSync', () => {
    for (const name of ['tenantSync', 'applicationSync', 'singleOrgSync'] as const) {
      for (const flag of [0, 1, 2, '2']) expect(message(name, { flag })).toBeUndefined();
      expect(message(name, { flag: 3 })).toBe('flag must be one of 0, 1, 2');
      expect(message(name, { flag: -1 })).toBe('flag must be one of 0, 1, 2');
    }
    for (const flag of [0, 1, 2, 3, '3']) expect(message('authSync', { flag })).toBeUndefined();
    expect(message('authSync', { flag: 4 })).toBe('flag must be one of 0, 1, 2, 3');
    expect(message('authSync', { flag: 1.5 })).toBe('flag must be one of 0, 1, 2, 3');
  });

  it('testFlag: 0 or 1, as a number or a numeric string', () => {
    const r = parseKitRequest('tenantSync', { ...bodies.tenantSync, testFlag: '1' });
    expect(r.ok && r.request.body.testFlag).toBe(true);
    expect(message('tenantSync', { testFlag: 2 })).toBe('testFlag must be one of 0, 1');
    expect(message('tenantSync', { testFlag: 'yes' })).toBe('testFlag must be one of 0, 1');
  });

  it('timeStamp: yyyyMMddHHmmssSSS in UTC+8, a real date', () => {
    const r = parseKitRequest('tenantSync', bodies.tenantSync);
    expect(r.ok && r.request.body.timeStamp.toISOString()).toBe('2022-04-13T01:35:39.534Z');
    const msg = 'timeStamp must be a UTC+8 time yyyyMMddHHmmssSSS (17 digits, a real date)';
    expect(message('tenantSync', { timeStamp: '20220413093539' })).toBe(msg);
    expect(message('tenantSync', { timeStamp: '20220230093539534' })).toBe(msg);
    expect(message('tenantSync', { timeStamp: '2022041309353953x' })).toBe(msg);
  });

  it('userList: 1 to 500 users, each field checked and named with its index', () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => ({ userName: `u${i}` }));
    expect(message('authSync', { userList: users(MAX_USERS) })).toBeUndefined();
    expect(message('authSync', { userList: users(MAX_USERS + 1) })).toBe('userList lists more than 500 users');
    expect(message('authSync', { userList: [] })).toBe('userList must list at least one user');
    expect(message('authSync', { userList: 'x' })).toBe('userList must be an array');
    const bad = (u: Record<string, unknown>) => message('authSync', { userList: [{ userName: 'ok' }, { userName: 'u1', ...u }] });
    expect(bad({ userName: undefined })).toBe('userList[1]: userName is required');
    expect(bad({ userName: 'x'.repeat(256) })).toBe('userList[1]: userName is longer than 255 characters');
    expect(bad({ employeeType: 5 })).toBe('userList[1]: employeeType must be one of 1, 2, 3, 4');
    expect(bad({ employeeType: '4' })).toBeUndefined();
    expect(bad({ role: 'owner' })).toBe('userList[1]: role must be "user" or "admin"');
    expect(bad({ enable: 'yes' })).toBe('userList[1]: enable must be "true" or "false"');
    expect(bad({ enable: false })).toBeUndefined();
    expect(bad({ email: 'x'.repeat(256) })).toBe('userList[1]: email is longer than 255 characters');
    expect(bad({ mobile: '1'.repeat(33) })).toBe('userList[1]: mobile is longer than 32 characters');
    expect(bad({ orgCode: 'x'.repeat(65) })).toBe('userList[1]: orgCode is longer than 64 characters');
    expect(message('authSync', { userList: ['x'] })).toBe('userList[0]: must be an object');
  });

  it('user enable: "true"/"false" or a boolean, absent meaning enabled', () => {
    const r = parseKitRequest('authSync', { ...bodies.authSync, userList: [{ userName: 'a', enable: 'false' }, { userName: 'b' }] });
    expect(r.ok && r.request.name === 'authSync' && r.request.body.userList.map((u) => u.enable)).toEqual([false, true]);
  });

  it('orgInfoList: up to 20,000 nodes, each checked', () => {
    const orgs = (n: number) => Array.from({ length: n }, (_, i) => ({ orgCode: `o${i}`, orgName: `Org ${i}` }));
    expect(message('allOrgSync', { orgInfoList: orgs(MAX_ORGS) })).toBeUndefined();
    expect(message('allOrgSync', { orgInfoList: orgs(MAX_ORGS + 1) })).toBe('orgInfoList lists more than 20000 organisations');
    expect(message('allOrgSync', { orgInfoList: [{ orgCode: 'a' }] })).toBe('orgInfoList[0]: orgName is required');
    expect(message('allOrgSync', { orgInfoList: [{ orgCode: 'a', orgName: 'A', parentCode: 'x'.repeat(65) }] })).toBe(
      'orgInfoList[0]: parentCode is longer than 64 characters',
    );
  });
});

describe('kit time (UTC+8)', () => {
  it('round-trips', () => {
    const d = parseKitTime('20220420114117642')!;
    expect(d.toISOString()).toBe('2022-04-20T03:41:17.642Z');
    expect(formatKitTime(d)).toBe('20220420114117642');
  });
});
