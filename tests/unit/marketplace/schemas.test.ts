import { describe, expect, it } from 'vitest';
import { ACTIVITIES, isActivity, parseActivityRequest, REFRESH_SCENES, type ParseOutcome } from '@/lib/marketplace/schemas';

/**
 * spec §3.3-3.10, §9.1: the request bodies of the eight V2 basic activities and the three licence-code ones. Valid bodies are the documented examples
 * (or built from the spec tables where the spec shows none).
 */
const EXAMPLES = {
  // spec §3.1 / §3.3
  newInstance: {
    activity: 'newInstance',
    businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8',
    orderId: 'CS2211181819B4LVS',
    orderLineId: 'CS2211181819B4LVS-000001',
    testFlag: '0',
  },
  // spec §3.4
  queryInstance: { activity: 'queryInstance', instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e', testFlag: '1' },
  // spec §3.5
  refreshInstance: {
    activity: 'refreshInstance',
    expireTime: '20221124023618256',
    instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
    orderId: 'CS2211181819B4LVS',
    orderLineId: 'CS2211181819B4LVS-000001',
    productId: 'OFFI461867333479178240',
    scene: 'RENEWAL',
    testFlag: '1',
  },
  // spec §3.6 (table)
  updateInstanceStatus: { activity: 'updateInstanceStatus', instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e', status: 'FREEZE' },
  // spec §3.7 (table)
  releaseInstance: { activity: 'releaseInstance', instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e' },
  // spec §3.8
  upgradeInstance: {
    activity: 'upgradeInstance',
    instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
    orderId: 'CS2211181819B4LVS',
    orderLineId: 'CS2211181819B4LVS-000001',
    testFlag: '0',
  },
  // spec §3.9 (table)
  changeInstanceCheck: {
    activity: 'changeInstanceCheck',
    instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
    productInfo: { productId: 'OFFI461867333479178240', skuCode: 'sku-gold', linearValue: 50, productName: 'Gold plan' },
  },
  // spec §3.10
  orderNotify: { activity: 'orderNotify', orderId: 'CS2211181819B4LVS', orderLineId: 'CS2211181819B4LVS-000001', testFlag: '1' },
  // spec §9.1 (tables: the licence-code interfaces)
  refreshLicenseCode: {
    activity: 'refreshLicenseCode',
    expireTime: '20271124023618256',
    license: 'LIC-8F2A-11C4-93D0',
    orderId: 'CS2211181819B4LVS',
    orderLineId: 'CS2211181819B4LVS-000002',
    productId: 'OFFI461867333479178240',
    scene: 'RENEWAL',
    testFlag: '0',
  },
  updateLicenseCodeStatus: { activity: 'updateLicenseCodeStatus', license: 'LIC-8F2A-11C4-93D0', status: 'FREEZE' },
  releaseLicenseCode: { activity: 'releaseLicenseCode', license: 'LIC-8F2A-11C4-93D0', orderId: 'CS2211181819B4LVS', orderLineId: 'CS2211181819B4LVS-000003' },
} satisfies Record<string, Record<string, unknown>>;

type ActivityName = keyof typeof EXAMPLES;

/** Required fields of each activity (spec tables, M column; `activity` itself is tested separately). */
const REQUIRED: Record<ActivityName, string[]> = {
  newInstance: ['orderId', 'orderLineId', 'businessId'],
  queryInstance: ['instanceId'],
  refreshInstance: ['orderId', 'orderLineId', 'instanceId', 'expireTime'],
  updateInstanceStatus: ['instanceId'],
  releaseInstance: ['instanceId'],
  upgradeInstance: ['instanceId', 'orderId', 'orderLineId'],
  changeInstanceCheck: ['instanceId'],
  orderNotify: ['orderId', 'orderLineId'],
  refreshLicenseCode: ['orderId', 'orderLineId', 'license', 'expireTime'],
  updateLicenseCodeStatus: ['license'],
  releaseLicenseCode: ['license'],
};

/** String fields limited to 64 characters (spec tables, len column). */
const MAX64: Record<ActivityName, string[]> = {
  newInstance: ['orderId', 'orderLineId', 'businessId'],
  queryInstance: [],
  refreshInstance: ['orderId', 'orderLineId', 'instanceId', 'productId'],
  updateInstanceStatus: ['instanceId'],
  releaseInstance: ['instanceId', 'orderId', 'orderLineId'],
  upgradeInstance: ['instanceId', 'orderId', 'orderLineId'],
  changeInstanceCheck: ['instanceId'],
  orderNotify: ['orderId', 'orderLineId'],
  refreshLicenseCode: ['orderId', 'orderLineId', 'productId'],
  updateLicenseCodeStatus: [],
  releaseLicenseCode: ['orderId', 'orderLineId'],
};

const ALL = Object.keys(EXAMPLES) as ActivityName[];

function body(activity: ActivityName, patch: Record<string, unknown> = {}, drop: string[] = []): Record<string, unknown> {
  const b: Record<string, unknown> = { ...structuredClone(EXAMPLES[activity]), ...patch };
  for (const k of drop) delete b[k];
  return b;
}

function ok(outcome: ParseOutcome): Record<string, unknown> {
  if (!outcome.ok) throw new Error(`expected the body to parse, got: ${outcome.message}`);
  return outcome.request as unknown as Record<string, unknown>;
}

function fail(outcome: ParseOutcome): string {
  if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.request)}`);
  return outcome.message;
}

describe('parseActivityRequest: the documented examples', () => {
  it('knows exactly the eight V2 basic activities and the three licence-code ones', () => {
    expect([...ACTIVITIES].sort()).toEqual([...ALL].sort());
    for (const a of ALL) expect(isActivity(a)).toBe(true);
    expect(isActivity('expireInstance')).toBe(false); // V1 only
    expect(isActivity('toString')).toBe(false); // not an own property
    expect(isActivity(1)).toBe(false);
  });

  it('newInstance', () => {
    expect(ok(parseActivityRequest(body('newInstance')))).toEqual({
      activity: 'newInstance',
      orderId: 'CS2211181819B4LVS',
      orderLineId: 'CS2211181819B4LVS-000001',
      businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8',
      testFlag: false,
    });
  });

  it('queryInstance: instanceId becomes an array', () => {
    expect(ok(parseActivityRequest(body('queryInstance')))).toEqual({
      activity: 'queryInstance',
      instanceId: ['10e758d0-31ad-4c4b-8f1b-81d03469a10e'],
      testFlag: true,
    });
  });

  it('refreshInstance', () => {
    expect(ok(parseActivityRequest(body('refreshInstance')))).toEqual({
      activity: 'refreshInstance',
      scene: 'RENEWAL',
      orderId: 'CS2211181819B4LVS',
      orderLineId: 'CS2211181819B4LVS-000001',
      instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
      productId: 'OFFI461867333479178240',
      expireTime: '20221124023618256',
      testFlag: true,
    });
  });

  it('refreshInstance without the optional productId', () => {
    const r = ok(parseActivityRequest(body('refreshInstance', {}, ['productId'])));
    expect(r.productId).toBeUndefined();
    expect(r.scene).toBe('RENEWAL');
  });

  it('updateInstanceStatus', () => {
    expect(ok(parseActivityRequest(body('updateInstanceStatus')))).toEqual({
      activity: 'updateInstanceStatus',
      instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
      status: 'FREEZE',
      testFlag: false,
    });
  });

  it('releaseInstance, with and without the unsubscribe order', () => {
    expect(ok(parseActivityRequest(body('releaseInstance')))).toEqual({
      activity: 'releaseInstance',
      instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
      testFlag: false,
    });
    const r = ok(parseActivityRequest(body('releaseInstance', { orderId: 'CS1', orderLineId: 'CS1-000001' })));
    expect(r).toMatchObject({ orderId: 'CS1', orderLineId: 'CS1-000001' });
  });

  it('upgradeInstance', () => {
    expect(ok(parseActivityRequest(body('upgradeInstance')))).toEqual({
      activity: 'upgradeInstance',
      instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
      orderId: 'CS2211181819B4LVS',
      orderLineId: 'CS2211181819B4LVS-000001',
      testFlag: false,
    });
  });

  it('changeInstanceCheck keeps productInfo nested', () => {
    expect(ok(parseActivityRequest(body('changeInstanceCheck')))).toEqual({
      activity: 'changeInstanceCheck',
      instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
      productInfo: { productId: 'OFFI461867333479178240', skuCode: 'sku-gold', linearValue: 50, productName: 'Gold plan' },
      testFlag: false,
    });
  });

  it('changeInstanceCheck: linearValue is optional', () => {
    const b = body('changeInstanceCheck');
    delete (b.productInfo as Record<string, unknown>).linearValue;
    const r = ok(parseActivityRequest(b));
    expect((r.productInfo as Record<string, unknown>).linearValue).toBeUndefined();
  });

  it('orderNotify', () => {
    expect(ok(parseActivityRequest(body('orderNotify')))).toEqual({
      activity: 'orderNotify',
      orderId: 'CS2211181819B4LVS',
      orderLineId: 'CS2211181819B4LVS-000001',
      testFlag: true,
    });
  });
  it('refreshLicenseCode: both scenes, the product optional, the licence at most 256 characters', () => {
    expect(ok(parseActivityRequest(body('refreshLicenseCode')))).toEqual({
      activity: 'refreshLicenseCode',
      scene: 'RENEWAL',
      orderId: 'CS2211181819B4LVS',
      orderLineId: 'CS2211181819B4LVS-000002',
      license: 'LIC-8F2A-11C4-93D0',
      productId: 'OFFI461867333479178240',
      expireTime: '20271124023618256',
      testFlag: false,
    });
    expect(ok(parseActivityRequest(body('refreshLicenseCode', { scene: 'UNSUBSCRIBE_RENEWAL_PERIOD' }, ['productId']))).productId).toBeUndefined();
    // the scenes of refreshInstance that a licence code has not
    expect(fail(parseActivityRequest(body('refreshLicenseCode', { scene: 'TRIAL_TO_FORMAL' })))).toBe('scene must be one of RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD');
    expect(fail(parseActivityRequest(body('refreshLicenseCode', { expireTime: '20271324023618' })))).toBe('expireTime must be a UTC time yyyyMMddHHmmss or yyyyMMddHHmmssSSS');
    expect(ok(parseActivityRequest(body('refreshLicenseCode', { license: 'L'.repeat(256) }))).license).toHaveLength(256);
    expect(fail(parseActivityRequest(body('refreshLicenseCode', { license: 'L'.repeat(257) })))).toBe('license is longer than 256 characters');
    expect(fail(parseActivityRequest(body('refreshLicenseCode', { license: '  ' })))).toBe('license must not be only spaces');
  });

  it('updateLicenseCodeStatus: FREEZE or UNFREEZE', () => {
    expect(ok(parseActivityRequest(body('updateLicenseCodeStatus')))).toEqual({ activity: 'updateLicenseCodeStatus', license: 'LIC-8F2A-11C4-93D0', status: 'FREEZE', testFlag: false });
    expect(ok(parseActivityRequest(body('updateLicenseCodeStatus', { status: 'UNFREEZE' }))).status).toBe('UNFREEZE');
    expect(fail(parseActivityRequest(body('updateLicenseCodeStatus', { status: 'RELEASE' })))).toBe('status must be FREEZE or UNFREEZE');
    expect(fail(parseActivityRequest(body('updateLicenseCodeStatus', {}, ['status'])))).toBe('status is required');
  });

  it('releaseLicenseCode: the unsubscribe order optional', () => {
    expect(ok(parseActivityRequest(body('releaseLicenseCode', {}, ['orderId', 'orderLineId'])))).toEqual({ activity: 'releaseLicenseCode', license: 'LIC-8F2A-11C4-93D0', testFlag: false });
    expect(ok(parseActivityRequest(body('releaseLicenseCode')))).toMatchObject({ orderId: 'CS2211181819B4LVS', orderLineId: 'CS2211181819B4LVS-000003' });
    expect(fail(parseActivityRequest(body('releaseLicenseCode', {}, ['license'])))).toBe('license is required');
    expect(fail(parseActivityRequest(body('releaseLicenseCode', { license: 7 })))).toBe('license must be a string');
  });
});

describe('parseActivityRequest: testFlag (spec §3.3)', () => {
  it.each(ALL)('%s: "1" → true, "0" → false, absent → false', (a) => {
    expect(ok(parseActivityRequest(body(a, { testFlag: '1' }))).testFlag).toBe(true);
    expect(ok(parseActivityRequest(body(a, { testFlag: '0' }))).testFlag).toBe(false);
    expect(ok(parseActivityRequest(body(a, {}, ['testFlag']))).testFlag).toBe(false);
  });

  it('numbers 1 and 0 are tolerated', () => {
    expect(ok(parseActivityRequest(body('newInstance', { testFlag: 1 }))).testFlag).toBe(true);
    expect(ok(parseActivityRequest(body('newInstance', { testFlag: 0 }))).testFlag).toBe(false);
  });

  it.each([['2'], [2], ['true'], [''], [' 1']])('refuses %j', (v) => {
    expect(fail(parseActivityRequest(body('newInstance', { testFlag: v })))).toBe('testFlag must be "0" or "1"');
  });

  it.each([[true], [['1']], [{}]])('refuses the non-string, non-number %j naming testFlag', (v) => {
    expect(fail(parseActivityRequest(body('newInstance', { testFlag: v })))).toMatch(/^testFlag /);
  });
});

describe('parseActivityRequest: the activity field', () => {
  it('missing', () => {
    expect(fail(parseActivityRequest({ orderId: 'x' }))).toBe('activity is required');
  });

  it.each([[1], [null], [true], [['newInstance']], [{ name: 'newInstance' }]])('not a string: %j', (v) => {
    expect(fail(parseActivityRequest({ activity: v }))).toBe('activity must be a string');
  });

  it('unknown activity names it and lists the supported ones', () => {
    const m = fail(parseActivityRequest({ activity: 'expireInstance', instanceId: 'i' }));
    expect(m).toMatch(/^activity "expireInstance" is not supported/);
    for (const a of ALL) expect(m).toContain(a);
  });

  it('is case-sensitive', () => {
    expect(fail(parseActivityRequest(body('newInstance', { activity: 'NewInstance' })))).toMatch(/not supported/);
  });

  it('quotes at most 40 characters of an unknown activity', () => {
    const m = fail(parseActivityRequest({ activity: 'z'.repeat(1000) }));
    expect(m).toContain(`"${'z'.repeat(40)}"`);
    expect(m).not.toContain('z'.repeat(41));
  });

  it('a prototype property name is not an activity', () => {
    expect(fail(parseActivityRequest({ activity: 'constructor' }))).toMatch(/^activity "constructor" is not supported/);
  });
});

describe('parseActivityRequest: required fields', () => {
  for (const a of ALL) {
    it.each(REQUIRED[a])(`${a}: missing %s`, (field) => {
      expect(fail(parseActivityRequest(body(a, {}, [field])))).toBe(`${field} is required`);
    });
  }

  it('changeInstanceCheck: missing productInfo', () => {
    expect(fail(parseActivityRequest(body('changeInstanceCheck', {}, ['productInfo'])))).toBe('productInfo is required');
  });

  it('refreshInstance: missing scene names the field', () => {
    expect(fail(parseActivityRequest(body('refreshInstance', {}, ['scene'])))).toMatch(/^scene /);
  });
  // Expected per the brief ("every required field missing → `<field> is required`"); today the message is
  // 'scene must be one of TRIAL_TO_FORMAL, RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD, RENEWAL_CHANGE'.
  it('refreshInstance: missing scene says it is required', () => {
    expect(fail(parseActivityRequest(body('refreshInstance', {}, ['scene'])))).toBe('scene is required');
  });

  it('updateInstanceStatus: missing status names the field', () => {
    expect(fail(parseActivityRequest(body('updateInstanceStatus', {}, ['status'])))).toMatch(/^status /);
  });
  // Same as scene: today the message is 'status must be FREEZE or UNFREEZE'.
  it('updateInstanceStatus: missing status says it is required', () => {
    expect(fail(parseActivityRequest(body('updateInstanceStatus', {}, ['status'])))).toBe('status is required');
  });

  for (const a of ALL) {
    it.each(REQUIRED[a])(`${a}: empty %s`, (field) => {
      expect(fail(parseActivityRequest(body(a, { [field]: '' })))).toBe(`${field} must not be empty`);
    });
  }

  it('optional fields may be absent', () => {
    ok(parseActivityRequest(body('releaseInstance', {}, ['orderId', 'orderLineId', 'testFlag'])));
    ok(parseActivityRequest(body('refreshInstance', {}, ['productId', 'testFlag'])));
  });
});

describe('parseActivityRequest: wrong types', () => {
  for (const a of ALL) {
    it.each(REQUIRED[a].filter((f) => f !== 'expireTime'))(`${a}: %s as a number`, (field) => {
      expect(fail(parseActivityRequest(body(a, { [field]: 12345 })))).toBe(`${field} must be a string`);
    });
  }

  it.each([[null], [123], [true], [['x']], [{ id: 'x' }]])('orderId %j', (v) => {
    expect(fail(parseActivityRequest(body('newInstance', { orderId: v })))).toBe('orderId must be a string');
  });

  it('expireTime as a number (the right digits) is refused', () => {
    expect(fail(parseActivityRequest(body('refreshInstance', { expireTime: 20221124023618 })))).toBe('expireTime must be a string');
  });

  it('an optional field of the wrong type is refused, not dropped', () => {
    expect(fail(parseActivityRequest(body('refreshInstance', { productId: 7 })))).toBe('productId must be a string');
    expect(fail(parseActivityRequest(body('releaseInstance', { orderId: 7 })))).toBe('orderId must be a string');
  });
});

describe('parseActivityRequest: maximum lengths (spec tables)', () => {
  for (const a of ALL) {
    it.each(MAX64[a])(`${a}: %s 64 characters passes, 65 fails`, (field) => {
      const r = ok(parseActivityRequest(body(a, { [field]: 'x'.repeat(64) })));
      expect(r[field]).toBe('x'.repeat(64));
      expect(fail(parseActivityRequest(body(a, { [field]: 'x'.repeat(65) })))).toBe(`${field} is longer than 64 characters`);
    });
  }

  it('expireTime over 20 characters names the field and the limit', () => {
    expect(fail(parseActivityRequest(body('refreshInstance', { expireTime: '2'.repeat(21) })))).toBe(
      'expireTime is longer than 20 characters',
    );
  });

  it.each(['productId', 'skuCode', 'productName'])('changeInstanceCheck: productInfo.%s 64 passes, 65 fails', (field) => {
    const at = body('changeInstanceCheck');
    (at.productInfo as Record<string, unknown>)[field] = 'p'.repeat(64);
    expect((ok(parseActivityRequest(at)).productInfo as Record<string, unknown>)[field]).toBe('p'.repeat(64));
    const over = body('changeInstanceCheck');
    (over.productInfo as Record<string, unknown>)[field] = 'p'.repeat(65);
    expect(fail(parseActivityRequest(over))).toBe(`productInfo.${field} is longer than 64 characters`);
  });

  it('length is counted in characters, not bytes', () => {
    ok(parseActivityRequest(body('newInstance', { orderId: '订'.repeat(64) })));
  });
});

describe('parseActivityRequest: queryInstance instanceId list (spec §3.4)', () => {
  const q = (instanceId: unknown) => parseActivityRequest({ activity: 'queryInstance', instanceId });

  it('splits on commas, trims and de-duplicates, keeping first-seen order', () => {
    expect(ok(q('b, a ,b,c, a')).instanceId).toEqual(['b', 'a', 'c']);
  });

  it('accepts 100 ids of 64 characters', () => {
    const ids = Array.from({ length: 100 }, (_, i) => String(i).padStart(64, '0'));
    expect(ok(q(ids.join(','))).instanceId).toEqual(ids);
  });

  it('refuses 101 ids', () => {
    const ids = Array.from({ length: 101 }, (_, i) => `id${i}`);
    expect(fail(q(ids.join(',')))).toBe('instanceId lists more than 100 ids');
  });

  it('an id of 64 characters passes, 65 fails naming the field', () => {
    expect(ok(q('a,' + 'y'.repeat(64))).instanceId).toEqual(['a', 'y'.repeat(64)]);
    const m = fail(q('a,' + 'y'.repeat(65)));
    expect(m).toMatch(/^instanceId "y{20}…" is longer than 64 characters$/);
  });

  it('the whole list is capped at 100 × 65 characters', () => {
    expect(fail(q('a,' + 'x'.repeat(6500)))).toBe('instanceId is longer than 6500 characters');
  });

  it.each([['a,,b'], ['a,'], [',a'], [' , ']])('refuses an empty id in %j', (v) => {
    expect(fail(q(v))).toBe('instanceId contains an empty id');
  });

  it('still requires a non-empty string', () => {
    expect(fail(q(undefined))).toBe('instanceId is required');
    expect(fail(q(''))).toBe('instanceId must not be empty');
    expect(fail(q(['a', 'b']))).toBe('instanceId must be a string');
  });
});

describe('parseActivityRequest: enums', () => {
  it.each(REFRESH_SCENES)('refreshInstance scene %s', (scene) => {
    expect(ok(parseActivityRequest(body('refreshInstance', { scene }))).scene).toBe(scene);
  });

  it('the four documented scenes exactly', () => {
    expect([...REFRESH_SCENES].sort()).toEqual(['RENEWAL', 'RENEWAL_CHANGE', 'TRIAL_TO_FORMAL', 'UNSUBSCRIBE_RENEWAL_PERIOD']);
  });

  it.each([['renewal'], ['UPGRADE'], [''], [1]])('refreshInstance scene %j refused with the list', (scene) => {
    expect(fail(parseActivityRequest(body('refreshInstance', { scene })))).toBe(
      'scene must be one of TRIAL_TO_FORMAL, RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD, RENEWAL_CHANGE',
    );
  });

  it.each(['FREEZE', 'UNFREEZE'])('updateInstanceStatus status %s', (status) => {
    expect(ok(parseActivityRequest(body('updateInstanceStatus', { status }))).status).toBe(status);
  });

  it.each([['freeze'], ['RELEASE'], ['ACTIVE'], [''], [0]])('updateInstanceStatus status %j refused', (status) => {
    expect(fail(parseActivityRequest(body('updateInstanceStatus', { status })))).toBe('status must be FREEZE or UNFREEZE');
  });
});

describe('parseActivityRequest: expireTime (spec §3.5)', () => {
  const r = (expireTime: string) => parseActivityRequest(body('refreshInstance', { expireTime }));
  const BAD = 'expireTime must be a UTC time yyyyMMddHHmmss or yyyyMMddHHmmssSSS';

  it.each(['20221124023618', '20221124023618256', '20240229235959', '20241231235959999', '20250101000000000'])('accepts %s', (v) => {
    expect(ok(r(v)).expireTime).toBe(v);
  });

  it.each([
    ['month 13', '20221324023618'],
    ['month 00', '20220024023618'],
    ['Feb 30', '20220230120000'],
    ['Feb 29 of a common year', '20230229120000'],
    ['day 00', '20221100023618'],
    ['25:00', '20221124250000'],
    ['24:00', '20221124240000'],
    ['minute 60', '20221124026000'],
    ['second 60', '20221124023660'],
    ['letters', '2022112402361a'],
    ['ISO format', '2022-11-24T02:36'],
    ['15 digits', '202211240236182'],
    ['16 digits', '2022112402361825'],
    ['13 digits', '2022112402361'],
    ['18 digits', '202211240236182560'],
    ['a Unix timestamp in ms', '1680508066618'],
    ['spaces', ' 20221124023618'],
  ])('refuses %s (%s)', (_what, v) => {
    expect(fail(r(v))).toBe(BAD);
  });
});

describe('parseActivityRequest: changeInstanceCheck productInfo (spec §3.9)', () => {
  const withInfo = (productInfo: unknown) => parseActivityRequest(body('changeInstanceCheck', { productInfo }));
  const info = (patch: Record<string, unknown> = {}, drop: string[] = []) => {
    const p: Record<string, unknown> = { ...EXAMPLES.changeInstanceCheck.productInfo, ...patch };
    for (const k of drop) delete p[k];
    return p;
  };

  it.each([['a string', 'sku-gold'], ['null', null], ['a number', 5], ['an array', [info()]]])('not an object: %s', (_w, v) => {
    expect(fail(withInfo(v))).toBe('productInfo must be an object');
  });

  it.each(['productId', 'skuCode', 'productName'])('missing productInfo.%s', (field) => {
    expect(fail(withInfo(info({}, [field])))).toBe(`productInfo.${field} is required`);
  });

  it.each(['productId', 'skuCode', 'productName'])('productInfo.%s of the wrong type or empty', (field) => {
    expect(fail(withInfo(info({ [field]: 12 })))).toBe(`productInfo.${field} must be a string`);
    expect(fail(withInfo(info({ [field]: '' })))).toBe(`productInfo.${field} must not be empty`);
  });

  it('a top-level skuCode does not stand in for the nested one', () => {
    expect(fail(parseActivityRequest({ ...body('changeInstanceCheck', {}, ['productInfo']), skuCode: 's', productInfo: info({}, ['skuCode']) }))).toBe(
      'productInfo.skuCode is required',
    );
  });

  it.each([[0], [1], [-3], [1_000_000]])('linearValue %j is an integer', (v) => {
    expect((ok(withInfo(info({ linearValue: v }))).productInfo as Record<string, unknown>).linearValue).toBe(v);
  });

  it.each([[1.5], ['5'], [null], [true]])('linearValue %j refused', (v) => {
    expect(fail(withInfo(info({ linearValue: v })))).toBe('productInfo.linearValue must be an integer');
  });

  it('unknown nested fields are dropped', () => {
    const r = ok(withInfo(info({ periodType: 'year' })));
    expect(r.productInfo).not.toHaveProperty('periodType');
  });
});

describe('parseActivityRequest: extra fields', () => {
  it.each(ALL)('%s ignores (and strips) unknown fields', (a) => {
    const r = ok(parseActivityRequest(body(a, { futureField: 'x', extendParams: { a: 1 }, customerId: 9 })));
    expect(r).not.toHaveProperty('futureField');
    expect(r).not.toHaveProperty('extendParams');
    expect(r).not.toHaveProperty('customerId');
    expect(r.activity).toBe(a);
  });

  it('fields of another activity are ignored rather than refused', () => {
    const r = ok(parseActivityRequest(body('queryInstance', { status: 'nonsense', scene: 7 })));
    expect(r).not.toHaveProperty('status');
  });
});

describe('parseActivityRequest: one rule for every text field (issue 6)', () => {
  it('an id of only spaces is refused, naming the field', () => {
    expect(fail(parseActivityRequest(body('newInstance', { businessId: ' ' })))).toBe('businessId must not be only spaces');
    expect(fail(parseActivityRequest(body('releaseInstance', { instanceId: '\t \n' })))).toBe('instanceId must not be only spaces');
  });

  it('U+0000 in a field is refused, naming the field', () => {
    expect(fail(parseActivityRequest(body('newInstance', { orderId: 'CS\u00001' })))).toBe('orderId must not contain the character U+0000');
  });

  it('length is counted as the marketplace (Java) counts it, in UTF-16 units, everywhere alike', () => {
    const emoji40 = '😀'.repeat(40); // 80 UTF-16 units, 40 code points
    expect(fail(parseActivityRequest(body('newInstance', { businessId: emoji40 })))).toBe('businessId is longer than 64 characters');
    expect(fail(parseActivityRequest({ activity: 'queryInstance', instanceId: emoji40 }))).toMatch(/is longer than 64 characters/);
    ok(parseActivityRequest(body('newInstance', { businessId: '😀'.repeat(32) })));
  });
});
