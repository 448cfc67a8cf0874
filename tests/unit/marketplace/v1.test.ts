import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptCredential } from '@/lib/marketplace/aes';
import { decryptContact, newInstanceOrder, v1OrderLineId } from '@/lib/marketplace/v1/order';
import { MAX_PARAMS, MAX_QUERY_CHARS, parseV1Query } from '@/lib/marketplace/v1/query';
import { parseV1Request } from '@/lib/marketplace/v1/schemas';
import { encryptAppInfo } from '@/lib/marketplace/v1/activities/context';
import { parseV1TimeStamp, v1CandidateKeys, verifyV1Request } from '@/lib/marketplace/v1/verify';
import { decryptCredential } from '@/lib/marketplace/aes';
import { buildV1Request } from '@/lib/marketplace/v1/call';

// Known-answer vectors shared by every implementation (checked against Java 17).
const vectors = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../shared/spec/test-vectors.json'), 'utf8')) as {
  key: string;
  v1AuthToken: { params: Record<string, string>; authToken: string };
  aesEncrypt: { iv: string; plaintext: string; encryptType1: string; encryptType2: string };
};
const key = vectors.key;
const v = vectors.v1AuthToken;
const at = (params: Record<string, string>) => parseV1TimeStamp(params.timeStamp!)!;

/** The captured real request of spec §4.1, its authToken URL-encoded as the marketplace sends it. */
const capturedUrl =
  '/saasproduce?activity=newInstance&businessId=61e834ba-7b97-4418-b8f7-e5345137278c&customerId=68cbc86abc2018ab880d92f36422fa0e' +
  '&expireTime=20200727153156&orderId=CS1906666666ABCDE&productId=00301-666666-0--0&testFlag=1&timeStamp=20200727073711903' +
  `&authToken=${encodeURIComponent(v.authToken)}`;

describe('V1 authToken of the captured real request (spec §4.1, §4.2)', () => {
  it('the URL-encoded query parses to the vector parameters and verifies with the Key', () => {
    const q = parseV1Query(capturedUrl);
    expect(q.ok).toBe(true);
    const params = (q as { params: Record<string, string> }).params;
    expect(params.authToken).toBe(v.authToken);
    const out = verifyV1Request({ params, keys: [{ key, label: 'MARKETPLACE_KEY_V1' }], now: at(params), windowMs: 600_000 });
    expect(out).toMatchObject({ ok: true, verdict: 'valid', key: { label: 'MARKETPLACE_KEY_V1' } });
  });

  it('a + sent unencoded (one documented example) is read back from the space it became', () => {
    const params = (parseV1Query(capturedUrl.replace(/authToken=.*$/, `authToken=${v.authToken}`)) as { params: Record<string, string> }).params;
    expect(verifyV1Request({ params, keys: [{ key, label: 'k' }], now: at(params), windowMs: 600_000 }).ok).toBe(true);
  });

  it('every received parameter is signed: one changed or added refuses it', () => {
    const params = { ...v.params, authToken: v.authToken };
    const keys = [{ key, label: 'k' }];
    expect(verifyV1Request({ params: { ...params, orderId: 'CS1906666666ABCDF' }, keys, now: at(params), windowMs: 600_000 })).toMatchObject({ ok: false, verdict: 'invalid' });
    expect(verifyV1Request({ params: { ...params, provisionType: '1' }, keys, now: at(params), windowMs: 600_000 }).ok).toBe(false);
    expect(verifyV1Request({ params, keys: [{ key: 'other', label: 'k' }], now: at(params), windowMs: 600_000 }).ok).toBe(false);
  });

  it('the timestamp window: a genuine but stale call is refused as expired, naming the key that matched', () => {
    const params = { ...v.params, authToken: v.authToken };
    const out = verifyV1Request({ params, keys: [{ key, label: 'k' }], now: at(params) + 601_000, windowMs: 600_000 });
    expect(out).toMatchObject({ ok: false, verdict: 'expired', key: { key }, message: 'authentication failed: timeStamp is 601 s old (limit 600 s)' });
    expect(verifyV1Request({ params, keys: [{ key, label: 'k' }], now: at(params) - 599_000, windowMs: 600_000 }).ok).toBe(true);
  });

  it('missing token or timeStamp, no key, an over-long token', () => {
    const keys = [{ key, label: 'k' }];
    expect(verifyV1Request({ params: { activity: 'x' }, keys, now: 0, windowMs: 1 })).toMatchObject({ verdict: 'missing', message: 'authentication failed: authToken, timeStamp missing' });
    expect(verifyV1Request({ params: { ...v.params, authToken: v.authToken }, keys: [], now: 0, windowMs: 1 })).toMatchObject({ verdict: 'no_key' });
    expect(verifyV1Request({ params: { ...v.params, authToken: 'A'.repeat(51) }, keys, now: 0, windowMs: 1 })).toMatchObject({ verdict: 'invalid' });
  });
});

describe('buildV1Request: a V1 call as the marketplace sends it (spec §4.1)', () => {
  it('rebuilds the captured real request byte for byte, its token URL-encoded last', () => {
    const { timeStamp, ...params } = v.params;
    const req = buildV1Request({ url: '/saasproduce', key, params, timeStamp });
    expect(req.url).toBe(capturedUrl);
    expect(req.params.authToken).toBe(v.authToken);
  });

  it('URL-encodes Base64 and comma lists as the documented examples do', () => {
    const req = buildV1Request({ url: 'https://example.isv.com', key, params: { activity: 'queryInstance', instanceId: 'a,b', saasExtendParams: 'W3t9XQ==+/' } });
    expect(req.url).toContain('instanceId=a%2Cb');
    expect(req.url).toContain('saasExtendParams=W3t9XQ%3D%3D%2B%2F');
    const parsed = parseV1Query(req.url);
    expect(parsed.ok && verifyV1Request({ params: parsed.params, keys: [{ key, label: 'k' }], now: Date.now(), windowMs: 600_000 }).ok).toBe(true);
  });
});

describe('V1 keys: the Base64-decoded variant (spec §2, §13.8)', () => {
  it('a Base64 key is tried as given, then decoded; the call log label says which', () => {
    const shown = Buffer.from(key).toString('base64');
    const keys = v1CandidateKeys([{ key: shown, label: 'MARKETPLACE_KEY_V1' }]);
    expect(keys).toEqual([
      { key: shown, label: 'MARKETPLACE_KEY_V1' },
      { key, label: 'MARKETPLACE_KEY_V1 (Base64-decoded)' },
    ]);
    const params = { ...v.params, authToken: v.authToken };
    expect(verifyV1Request({ params, keys, now: at(params), windowMs: 600_000 })).toMatchObject({ ok: true, key: { label: 'MARKETPLACE_KEY_V1 (Base64-decoded)' } });
  });

  it('no variant for a key that is not canonical Base64 of text', () => {
    expect(v1CandidateKeys([{ key, label: 'k' }])).toHaveLength(1);
    expect(v1CandidateKeys([{ key: Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64'), label: 'k' }])).toHaveLength(1);
  });
});

describe('V1 query bounds (work before authentication)', () => {
  it('refuses an over-long query, too many parameters, a repeated one, bad encoding', () => {
    expect(parseV1Query('/p?x=' + 'a'.repeat(MAX_QUERY_CHARS))).toMatchObject({ ok: false });
    expect(parseV1Query('/p?' + Array.from({ length: MAX_PARAMS + 1 }, (_, i) => `p${i}=1`).join('&'))).toMatchObject({ ok: false, message: `query has more than ${MAX_PARAMS} parameters` });
    expect(parseV1Query('/p?a=1&a=2')).toEqual({ ok: false, message: 'a is given more than once' });
    expect(parseV1Query('/p?a=%E0%A4%A')).toEqual({ ok: false, message: 'a is not URL-encoded correctly' });
    expect(parseV1Query('/p?__proto__=x&b=%2B%2F%3D')).toEqual({ ok: true, params: Object.defineProperty({ b: '+/=' }, '__proto__', { value: 'x', enumerable: true }) });
  });
});

describe('V1 fields (spec §4.4-4.10)', () => {
  const base = { activity: 'newInstance', customerId: 'c', businessId: 'b', orderId: 'o', skuCode: 's', productId: 'p', timeStamp: '20200727073711903' };
  it('names the field at fault, with the spec lengths', () => {
    expect(parseV1Request({ ...base, customerId: 'c'.repeat(101) })).toEqual({ ok: false, message: 'customerId is longer than 100 characters' });
    const { skuCode: _sku, ...noSku } = base;
    expect(parseV1Request(noSku)).toEqual({ ok: false, message: 'skuCode is required' });
    expect(parseV1Request({ ...base, chargingMode: '2' })).toEqual({ ok: false, message: 'chargingMode must be 0, 1, 3 or 5' });
    expect(parseV1Request({ ...base, amount: '12345678' })).toEqual({ ok: false, message: 'amount must be a whole number of at most 7 digits' });
    expect(parseV1Request({ ...base, expireTime: '20201332000000' })).toMatchObject({ ok: false, message: /expireTime/ });
    expect(parseV1Request({ activity: 'instanceStatus', instanceId: 'i', instanceStatus: 'UNFREEZE' })).toEqual({ ok: false, message: 'instanceStatus must be FREEZE or NORMAL' });
    expect(parseV1Request({ activity: 'updateInstanceStatus' })).toMatchObject({ ok: false, message: /not supported/ });
  });

  it('an empty value is an absent field: optional ones pass, required ones are named', () => {
    expect(parseV1Request({ ...base, userId: '', saasExtendParams: '', chargingMode: '' })).toMatchObject({ ok: true });
    expect(parseV1Request({ ...base, orderId: '' })).toEqual({ ok: false, message: 'orderId is required' });
  });

  it('saasExtendParams: Base64 of the JSON array (the documented example)', () => {
    const example = 'W3sibmFtZSI6ImlkTnVtIiwidmFsdWUiOiIzNTIyNTU1NTU1NTU2NTYifSx7Im5hbWUiOiJ1c2VyTmFtZSIsInZhbHVlIjoiaHVhd2VpMTIzIn0seyJuYW1lIjoiY3VzdEVtYWlsIiwidmFsdWUiOiIxMjNAaHVhd2VpLmNvbSJ9XQ==';
    const r = parseV1Request({ ...base, saasExtendParams: example });
    expect(r.ok && r.request.activity === 'newInstance' && r.request.saasExtendParams).toEqual([
      { name: 'idNum', value: '352255555555656' },
      { name: 'userName', value: 'huawei123' },
      { name: 'custEmail', value: '123@huawei.com' },
    ]);
    expect(parseV1Request({ ...base, saasExtendParams: 'bm90IGpzb24=' })).toMatchObject({ ok: false, message: /saasExtendParams/ });
  });

  it('the inline order: charging mode, linear value, trial, line named like V2 first lines', () => {
    const r = parseV1Request({ ...base, chargingMode: '1', periodType: 'year', periodNumber: '1', amount: '10', trialFlag: '1', expireTime: '20210727153156' });
    if (!r.ok || r.request.activity !== 'newInstance') throw new Error('parse');
    const order = newInstanceOrder(r.request, { timeStamp: base.timeStamp, email: 'a@b.c' });
    expect(order).toMatchObject({
      orderId: 'o',
      orderType: 'TRIAL',
      createTime: '20200727073711',
      buyerInfo: { customerId: 'c', email: 'a@b.c' },
      orderLine: [{ orderLineId: 'o-000001', chargingMode: 'PERIOD', expireTime: '20210727153156', periodType: 'year', periodNumber: 1, productInfo: [{ productId: 'p', skuCode: 's', linearValue: 10 }] }],
    });
    expect(v1OrderLineId('o', { productId: 'p' })).not.toBe(v1OrderLineId('o', { productId: 'q' }));
    expect(v1OrderLineId('o'.repeat(64), { productId: 'p' }).length).toBeLessThanOrEqual(64);
  });
});

describe('V1 AES (spec §5)', () => {
  const a = vectors.aesEncrypt;
  it('mobilePhone / email decrypt with AES-256, then AES-128 (both vectors)', () => {
    expect(decryptContact(key, a.encryptType1)).toBe(a.plaintext);
    expect(decryptContact(key, a.encryptType2)).toBe(a.plaintext);
    const phone = encryptCredential(key, '+8613800000000', 1);
    expect(decryptContact(key, phone)).toBe('+8613800000000');
    expect(decryptContact('another-key', a.encryptType1)).toBeUndefined();
    expect(decryptContact(key, 'short')).toBeUndefined();
  });

  it('answers encrypt userName and password, iv + Base64, and leave the URLs plain', () => {
    for (const encryptType of [1, 2] as const) {
      const out = encryptAppInfo({ frontEndUrl: 'https://x', userName: 'admin@example.com', password: 'pw' }, { key, encryptType });
      expect(out.frontEndUrl).toBe('https://x');
      expect(out.userName).toMatch(/^[A-Za-z0-9]{16}[A-Za-z0-9+/]+=*$/);
      expect(decryptCredential(key, out.userName!, encryptType)).toBe('admin@example.com');
      expect(decryptCredential(key, out.password!, encryptType)).toBe('pw');
    }
  });
});
