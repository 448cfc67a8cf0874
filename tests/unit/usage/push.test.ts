import { describe, expect, it } from 'vitest';
import { checkBodySignature, validateUsageBody } from '../../../emulator/usage';
import { usagePushSignature } from '../../../lib/marketplace/signature';
import { classifyPushAnswer, usagePushBody, usagePushHeaders, usagePushRecord, type ClaimedRecord } from '../../../lib/usage/push';
import { meteringSn } from '../../../lib/usage/meteringSn';

const hour = new Date('2022-08-09T08:00:00Z');
const now = new Date('2022-08-09T09:10:00Z');
const record = (over: Partial<ClaimedRecord> = {}): ClaimedRecord => ({
  id: '1',
  instanceId: '7f141bf1-aec8-4859-8323-fb3a8ad50721',
  hour,
  packageInstanceId: '',
  value: '99.0000',
  meteringSn: 'a1b2c3',
  ...over,
});

describe('the §8.1 body', () => {
  it('writes the hour as begin/end in yyyyMMddTHHmmssZ, record_time now, the value without trailing zeros', () => {
    expect(usagePushRecord(record(), now)).toEqual({
      instance_id: '7f141bf1-aec8-4859-8323-fb3a8ad50721',
      record_time: '20220809T091000Z',
      begin_time: '20220809T080000Z',
      end_time: '20220809T090000Z',
      usage_value: '99',
      metering_sn: 'a1b2c3',
    });
    expect(usagePushRecord(record({ value: '0.0100' }), now).usage_value).toBe('0.01');
    expect(usagePushRecord(record({ value: '12345678.1234' }), now).usage_value).toBe('12345678.1234');
  });

  it('names the package in relate_pkg_instance only for package records', () => {
    expect(usagePushRecord(record({ packageInstanceId: 'pkg-9' }), now).relate_pkg_instance).toBe('pkg-9');
    expect('relate_pkg_instance' in usagePushRecord(record(), now)).toBe(false);
  });

  it('is the sorted compact JSON of the spec worked example, byte for byte, and its signature matches the vector', () => {
    const body = usagePushBody([record()], now);
    expect(body).toBe(
      '{"usage_records":[{"begin_time":"20220809T080000Z","end_time":"20220809T090000Z","instance_id":"7f141bf1-aec8-4859-8323-fb3a8ad50721","metering_sn":"a1b2c3","record_time":"20220809T091000Z","usage_value":"99"}]}',
    );
    // the SDK signer hashes JSON.stringify(JSON.parse(body)): the same bytes
    expect(JSON.stringify(JSON.parse(body))).toBe(body);
    const nonce = '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA';
    const headers = usagePushHeaders('test-access-key-123', body, 1680508066618, nonce);
    expect(headers).toEqual({ signature: 'SFlnMTIse/Yvlap+vYR4sVkXkSfyCFPUNGfsodoOm2k=', ts: '1680508066618', nonce });
    // and the emulator accepts it as the marketplace would
    expect(checkBodySignature(headers, JSON.parse(body), 'test-access-key-123')).toBeUndefined();
    expect(validateUsageBody(JSON.parse(body), now)).toHaveProperty('records');
  });

  it('signs with a fresh 64-hex nonce and a millisecond ts by default', () => {
    const h = usagePushHeaders('k', '{}');
    expect(h.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(h.ts).toMatch(/^\d{13}$/);
    expect(h.signature).toBe(usagePushSignature('k', h.ts, h.nonce, '{}'));
  });

  it('metering_sn is a function of instance, hour, package and seq', () => {
    const sn = meteringSn('i-1', hour, '', 1);
    expect(sn).toMatch(/^[0-9a-f]{64}$/);
    expect(meteringSn('i-1', new Date(hour), '', 1)).toBe(sn);
    expect(new Set([sn, meteringSn('i-1', hour, '', 2), meteringSn('i-1', hour, 'p', 1), meteringSn('i-2', hour, '', 1)]).size).toBe(4);
  });
});

describe('classifyPushAnswer (spec §8.1 table)', () => {
  const c = (status: number, error_code?: string, error_msg = 'x') => classifyPushAnswer(status, error_code ? { error_code, error_msg } : undefined);
  it('accepts only HTTP 200 with MKT.0000', () => {
    expect(c(200, 'MKT.0000')).toEqual({ ok: true, value: undefined });
    expect(c(200, 'MKT.0199')).toMatchObject({ ok: false, retryable: false });
    expect(c(200)).toMatchObject({ ok: false, retryable: false });
  });
  it('retries internal errors, 5xx without a code, 429 and APIG throttling', () => {
    expect(c(500, 'MKT.0999')).toMatchObject({ ok: false, retryable: true });
    expect(c(502)).toMatchObject({ ok: false, retryable: true });
    expect(c(503, 'APIGW.0201')).toMatchObject({ ok: false, retryable: true });
    expect(c(429)).toMatchObject({ ok: false, retryable: true });
    expect(c(429, 'APIGW.0308')).toMatchObject({ ok: false, retryable: true });
    expect(c(403, 'APIGW.0308', 'The throttling threshold has been reached')).toMatchObject({ ok: false, retryable: true });
  });
  it('rejects 4xx, the 401 MKT.015x, APIG auth failures and the 500s that name a fault of the records', () => {
    for (const [status, code] of [
      [400, 'MKT.0101'],
      [400, 'MKT.0102'],
      [400, 'MKT.0199'],
      [401, 'MKT.0150'],
      [401, 'MKT.0154'],
      [401, 'APIGW.0301'],
      [500, 'MKT.0100'],
      [500, 'MKT.9001'],
      [500, 'MKT.9002'],
      [500, 'MKT.9003'],
    ] as const) {
      expect(c(status, code), `${status} ${code}`).toMatchObject({ ok: false, retryable: false });
    }
    expect(c(400, 'MKT.0101', 'invalid parameter')).toMatchObject({ error: 'HTTP 400 MKT.0101: invalid parameter' });
  });
  it('expires on MKT.9004 (older than 21 days)', () => {
    expect(c(500, 'MKT.9004')).toMatchObject({ ok: false, retryable: false, expired: true });
  });
});
