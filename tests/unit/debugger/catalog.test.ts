import { describe, expect, it } from 'vitest';
import { ACTIVITY_FIELDS, BASIC_ACTIVITIES, buildBody, buildV1Params, V1_ACTIVITIES, buildKitFields, DEBUG_ACTIVITIES, interfaceTypeOf, KIT_ACTIVITIES, LICENCE_ACTIVITIES, replayWarnings, validateForm, validateTargetUrl } from '../../../lib/debugger/catalog';
import { parseKitRequest } from '../../../lib/kit/schemas';
import { kitBody } from '../../../lib/marketplace/kit';
import { prefill } from '../../../lib/debugger/prefill';
import { parseActivityRequest } from '../../../lib/marketplace/schemas';
import { parseV1Request } from '../../../lib/marketplace/v1/schemas';

describe('debugger form validation', () => {
  it('V1 (spec §4): every prefilled V1 form is valid, signed with the V1 key, and its parameters parse as the app parses a V1 call', () => {
    const p = prefill(new Date('2026-01-01T00:00:00Z'));
    for (const a of V1_ACTIVITIES) {
      expect(validateForm(a, p[a]), a).toEqual({});
      expect(interfaceTypeOf(a)).toBe('v1');
      const filled = Object.fromEntries(Object.entries(p[a]).map(([k, v]) => [k, v.replace('{{uuid}}', 'b-1').replace('{{lastInstanceId}}', 'i-1')]));
      const params = buildV1Params(a, filled);
      expect(params).toMatchObject({ activity: a.slice(3), testFlag: '1' });
      expect(parseV1Request(params), a).toMatchObject({ ok: true });
    }
    expect(validateForm('v1.instanceStatus', { instanceId: 'i', instanceStatus: 'PAUSE' })).toEqual({ instanceStatus: { code: 'enum', vars: { options: 'FREEZE, NORMAL' } } });
    expect(validateForm('v1.newInstance', { ...p['v1.newInstance'], customerId: '' })).toEqual({ customerId: { code: 'required' } });
  });

  it('the prefilled mock-order forms are valid, and their bodies parse as the app parses them', () => {
    const p = prefill(new Date('2026-01-01T00:00:00Z'));
    expect(DEBUG_ACTIVITIES).toHaveLength(BASIC_ACTIVITIES.length + 4 + 5 + V1_ACTIVITIES.length);
    for (const a of BASIC_ACTIVITIES) {
      expect(validateForm(a, p[a]), a).toEqual({});
      const filled = Object.fromEntries(Object.entries(p[a]).map(([k, v]) => [k, v.replace('{{uuid}}', 'b-1').replace('{{lastInstanceId}}', 'i-1')]));
      const body = buildBody(a, filled);
      expect(body.testFlag).toBe('1');
      expect(parseActivityRequest(body), a).toMatchObject({ ok: true });
    }
    for (const scene of Object.values(p.scenes)) expect(validateForm('refreshInstance', scene)).toEqual({});
    expect(p.newInstance).toMatchObject({ orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' });
    expect(p.scenes.TRIAL_TO_FORMAL.orderId).toBe('MOCKMONTYTRIALTOFORMAL');
  });

  it('getLicenseAsync (spec §9.2): its fields, a fresh event for the last instance, a body the app parses, signed with the licence key', () => {
    const p = prefill(new Date('2026-01-01T00:00:00Z'));
    expect(ACTIVITY_FIELDS.getLicenseAsync.map((f) => [f.name, f.required])).toEqual([
      ['eventId', true],
      ['instanceId', true],
      ['effectiveTime', true],
      ['expireTime', false],
      ['deviceFingerprint', false],
    ]);
    expect(interfaceTypeOf('getLicenseAsync')).toBe('license');
    expect(p.getLicenseAsync).toMatchObject({ eventId: '{{uuid}}', instanceId: '{{lastInstanceId}}', effectiveTime: '2026-01-01T00:00:00.000Z' });
    expect(validateForm('getLicenseAsync', p.getLicenseAsync)).toEqual({});
    const body = buildBody('getLicenseAsync', { ...p.getLicenseAsync, eventId: 'e-1', instanceId: 'i-1' });
    expect(body).toMatchObject({ activity: 'getLicenseAsync', eventId: 'e-1', instanceId: 'i-1', testFlag: '1', deviceFingerprint: 'DEBUG-DEVICE-0001' });
    expect(body.expireTime).toBe('2026-10-28T00:00:00.000Z');
    expect(parseActivityRequest(body)).toMatchObject({ ok: true });
  });

  it('the licence-code activities (spec §9.1): their fields, a test code prefilled, bodies the app parses, signed with the licence key', () => {
    const p = prefill(new Date('2026-01-01T00:00:00Z'));
    expect(LICENCE_ACTIVITIES).toEqual(['refreshLicenseCode', 'updateLicenseCodeStatus', 'releaseLicenseCode', 'getLicenseAsync']);
    expect(ACTIVITY_FIELDS.refreshLicenseCode.map((f) => [f.name, f.required])).toEqual([
      ['scene', true],
      ['orderId', true],
      ['orderLineId', true],
      ['license', true],
      ['productId', false],
      ['expireTime', true],
    ]);
    expect(ACTIVITY_FIELDS.refreshLicenseCode[0]!.options).toEqual(['RENEWAL', 'UNSUBSCRIBE_RENEWAL_PERIOD']);
    expect(ACTIVITY_FIELDS.updateLicenseCodeStatus.map((f) => f.name)).toEqual(['license', 'status']);
    expect(ACTIVITY_FIELDS.releaseLicenseCode.map((f) => [f.name, f.required])).toEqual([
      ['license', true],
      ['orderId', false],
      ['orderLineId', false],
    ]);
    for (const a of LICENCE_ACTIVITIES.filter((x) => x !== 'getLicenseAsync')) {
      expect(interfaceTypeOf(a)).toBe('license');
      expect(validateForm(a, p[a]), a).toEqual({});
      expect(p[a].license).toBe('DEBUG-LICENSE-CODE-0001');
      const body = buildBody(a, p[a]);
      expect(body.testFlag).toBe('1');
      expect(parseActivityRequest(body), a).toMatchObject({ ok: true });
    }
    for (const scene of ['RENEWAL', 'UNSUBSCRIBE_RENEWAL_PERIOD', 'FREEZE']) {
      const ok = validateForm('refreshLicenseCode', { ...p.refreshLicenseCode, scene });
      expect(ok.scene === undefined, scene).toBe(scene !== 'FREEZE');
    }
    expect(validateForm('updateLicenseCodeStatus', { license: 'x'.repeat(257), status: 'UNFREEZE' })).toEqual({ license: { code: 'tooLong', vars: { max: 256 } } });
    expect(buildBody('updateLicenseCodeStatus', { license: 'L', status: 'UNFREEZE' })).toEqual({ activity: 'updateLicenseCodeStatus', license: 'L', status: 'UNFREEZE', testFlag: '1' });
  });

  it('the prefilled kit forms are valid, and their bodies parse as the app parses them (spec §3.12)', () => {
    const p = prefill(new Date('2026-01-01T00:00:00Z'));
    for (const a of KIT_ACTIVITIES) {
      expect(validateForm(a, p[a]), a).toEqual({});
      expect(interfaceTypeOf(a)).toBe('kit');
      const filled = Object.fromEntries(Object.entries(p[a]).filter(([, v]) => v !== '').map(([k, v]) => [k, v.replace('{{uuid}}', 'u-1')]));
      const body = kitBody(a, buildKitFields(a, filled), { now: new Date('2026-01-01T00:00:00Z') });
      expect(body).toMatchObject({ testFlag: 1, timeStamp: '20260101080000000' });
      expect(parseKitRequest(a, body), a).toMatchObject({ ok: true });
    }
    expect(buildKitFields('authSync', { ...p.authSync, flag: '3' })).toMatchObject({ flag: 3, userList: [{ userName: 'debug-admin' }] });
    expect(buildKitFields('applicationSync', { ...p.applicationSync, clientSecret: 'plain' }).clientSecret).toBe('plain');
  });

  it('kit fields: flags per interface, the lists as JSON arrays within bounds, each entry checked', () => {
    const p = prefill();
    expect(validateForm('tenantSync', { ...p.tenantSync, flag: '3' }).flag).toEqual({ code: 'enum', vars: { options: '0, 1, 2' } });
    expect(validateForm('authSync', { ...p.authSync, flag: '3' })).toEqual({});
    expect(validateForm('authSync', { ...p.authSync, flag: '4' }).flag!.code).toBe('enum');
    expect(validateForm('authSync', { ...p.authSync, flag: '{{uuid}}' }).flag!.code).toBe('noPlaceholder');
    const users = (v: unknown) => validateForm('authSync', { ...p.authSync, userList: typeof v === 'string' ? v : JSON.stringify(v) }).userList;
    expect(users('not json')).toEqual({ code: 'jsonArray' });
    expect(users({ userName: 'a' })).toEqual({ code: 'jsonArray' });
    expect(users([])).toEqual({ code: 'listEmpty' });
    expect(users(Array.from({ length: 501 }, (_, i) => ({ userName: `u${i}` })))).toEqual({ code: 'tooMany', vars: { max: 500 } });
    expect(users(Array.from({ length: 500 }, (_, i) => ({ userName: `u${i}` })))).toBeUndefined();
    expect(users([{ userName: 'a' }, 'b'])).toEqual({ code: 'itemObject', vars: { index: 2 } });
    expect(users([{ name: 'no login' }])).toEqual({ code: 'itemField', vars: { index: 1, field: 'userName', max: 255 } });
    expect(users([{ userName: 'a', mobile: 'x'.repeat(33) }])).toEqual({ code: 'itemField', vars: { index: 1, field: 'mobile', max: 32 } });
    expect(users([{ userName: 'a', role: 'root' }])).toEqual({ code: 'itemEnum', vars: { index: 1, field: 'role', options: 'user, admin' } });
    expect(users([{ userName: 'a', enable: 'yes' }])!.code).toBe('itemEnum');
    const orgs = (v: unknown) => validateForm('allOrgSync', { ...p.allOrgSync, orgInfoList: JSON.stringify(v) }).orgInfoList;
    expect(orgs([])).toBeUndefined();
    expect(orgs([{ orgCode: 'a' }])).toEqual({ code: 'itemField', vars: { index: 1, field: 'orgName', max: 255 } });
    expect(validateForm('allOrgSync', { ...p.allOrgSync, orgInfoList: '' }).orgInfoList).toEqual({ code: 'required' });
    // the secret: placeholders allowed, bounded by what RSA-3072 OAEP SHA-256 encrypts
    expect(validateForm('applicationSync', { ...p.applicationSync, clientSecret: 's-{{uuid}}' })).toEqual({});
    expect(validateForm('applicationSync', { ...p.applicationSync, clientSecret: '密'.repeat(120) }).clientSecret).toEqual({ code: 'secretBytes', vars: { max: 318 } });
    expect(validateForm('tenantSync', { ...p.tenantSync, name: '' }).name).toEqual({ code: 'required' });
    expect(validateForm('tenantSync', { ...p.tenantSync, orderId: '', domainName: '' })).toEqual({});
  });

  it('names the field at fault, with one specific error each', () => {
    expect(validateForm('newInstance', { orderId: '', orderLineId: 'x'.repeat(65), businessId: '{{uuid}}' })).toEqual({
      orderId: { code: 'required' },
      orderLineId: { code: 'tooLong', vars: { max: 64 } },
    });
    expect(validateForm('refreshInstance', { scene: 'RENEW', instanceId: 'i', orderId: 'o', orderLineId: 'l', expireTime: '20261301000000' })).toEqual({
      scene: { code: 'enum', vars: { options: 'TRIAL_TO_FORMAL, RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD, RENEWAL_CHANGE' } },
      expireTime: { code: 'time' },
    });
    expect(validateForm('updateInstanceStatus', { instanceId: 'i', status: 'PAUSE' }).status!.code).toBe('enum');
    expect(validateForm('changeInstanceCheck', { instanceId: 'i', 'productInfo.productId': 'p', 'productInfo.skuCode': 's', 'productInfo.productName': 'n', 'productInfo.linearValue': '1.5' })).toEqual({
      'productInfo.linearValue': { code: 'int' },
    });
    expect(validateForm('queryInstance', { instanceId: 'a,,b' })).toEqual({ instanceId: { code: 'ids' } });
    expect(validateForm('queryInstance', { instanceId: Array.from({ length: 101 }, (_, i) => `i${i}`).join(',') })).toEqual({ instanceId: { code: 'ids' } });
    expect(validateForm('queryInstance', { instanceId: '{{nope}}' }).instanceId!.code).toBe('placeholder');
    expect(validateForm('refreshInstance', { scene: 'RENEWAL', instanceId: 'i', orderId: 'o', orderLineId: 'l', expireTime: '{{uuid}}' }).expireTime!.code).toBe('noPlaceholder');
    expect(validateForm('orderNotify', { orderId: 5, orderLineId: 'l' })).toEqual({ orderId: { code: 'notString' } });
    // optional fields may be empty
    expect(validateForm('releaseInstance', { instanceId: 'i', orderId: '' })).toEqual({});
  });

  it('builds the nested changeInstanceCheck body with a numeric linearValue', () => {
    expect(buildBody('changeInstanceCheck', { instanceId: 'i', 'productInfo.productId': 'p', 'productInfo.skuCode': 's', 'productInfo.productName': 'n', 'productInfo.linearValue': '50' })).toEqual({
      activity: 'changeInstanceCheck',
      instanceId: 'i',
      productInfo: { productId: 'p', skuCode: 's', productName: 'n', linearValue: 50 },
      testFlag: '1',
    });
  });

  it('target URLs: http(s) only', () => {
    expect(validateTargetUrl(undefined)).toBeUndefined();
    expect(validateTargetUrl('https://isv.example.com/saasproduce')).toBeUndefined();
    expect(validateTargetUrl('not a url')).toBe('url');
    expect(validateTargetUrl('ftp://x/y')).toBe('scheme');
    expect(validateTargetUrl('file:///etc/passwd')).toBe('scheme');
    expect(validateTargetUrl('https://x/' + 'a'.repeat(2048))).toBe('urlTooLong');
  });

  it('warns about cases that a release on {{lastInstanceId}} will break on the next replay', () => {
    const c = (name: string, activity: string, instanceId = '{{lastInstanceId}}') => ({ name, activity, params: { instanceId } });
    expect(replayWarnings([c('buy', 'newInstance'), c('query', 'queryInstance'), c('renew', 'refreshInstance')])).toEqual([]);
    expect(replayWarnings([c('renew', 'refreshInstance'), c('freeze', 'updateInstanceStatus'), c('other', 'refreshInstance', 'fixed'), c('release', 'releaseInstance')])).toEqual([
      'renew',
      'freeze',
    ]);
  });
});
