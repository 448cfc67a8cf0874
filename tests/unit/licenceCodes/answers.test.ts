import { describe, expect, it } from 'vitest';
import { answerFor, statusFromMarket } from '@/lib/licenceCodes/activate';
import { heartbeatStatus } from '@/lib/licenceCodes/heartbeat';
import { decideCodeChange } from '@/lib/licenceCodes/transitions';
import { checkActivateInput, checkHeartbeatInput } from '@/lib/licenceCodes/validation';
import { classifyLicenceAnswer, parseLicenceCodeInfo, parseLicenceTime } from '@/lib/openapi/licence';

/** The licence APIs' answers (spec §9.1), the verdicts given to the software, and the lifecycle rules. Pure. */
describe('the activate answer (spec §9.1)', () => {
  const info = { status: 'ALIVE', expire_time: 1893456000000, product_id: 'OFFI-1', amount: 3, order_id: 'CS1', order_line_id: 'CS1-000001', activate_time: '2026-12-02 10:00:00' };

  it('92020000 with data.license_code_info as a JSON string', () => {
    const out = classifyLicenceAnswer(200, { error_code: '92020000', error_msg: 'success', data: { license_code_info: JSON.stringify(info) } });
    expect(out).toEqual({
      ok: true,
      value: {
        kind: 'info',
        info: {
          status: 'ALIVE', expireTime: new Date(1893456000000), activateTime: new Date(Date.UTC(2026, 11, 2, 10)), productId: 'OFFI-1', amount: '3', orderId: 'CS1', orderLineId: 'CS1-000001',
        },
      },
    });
  });

  it('license_code_info as an object, camelCase names, a lower-case status', () => {
    expect(parseLicenceCodeInfo({ licenseCodeInfo: { status: 'expired', expireTime: '20261231235959', productId: 'P' } })).toMatchObject({ status: 'EXPIRED', expireTime: new Date(Date.UTC(2026, 11, 31, 23, 59, 59)), productId: 'P', amount: null });
    expect(parseLicenceCodeInfo({ license_code_info: 'not json' })).toBeUndefined();
    expect(classifyLicenceAnswer(200, { error_code: '92020000', data: {} })).toMatchObject({ ok: false, retryable: false });
  });

  it('another code is the verdict on the code; 404, credentials and the gateway are not; 5xx and 429 are retried', () => {
    expect(classifyLicenceAnswer(400, { error_code: '91381033', error_msg: 'License resource invalid' })).toEqual({ ok: true, value: { kind: 'refused', code: '91381033', message: 'License resource invalid' } });
    expect(classifyLicenceAnswer(200, { error_code: '91381033' })).toMatchObject({ ok: true, value: { kind: 'refused' } });
    expect(classifyLicenceAnswer(404, { error_code: 'APIGW.0101' })).toMatchObject({ ok: false, retryable: false });
    expect(classifyLicenceAnswer(401, { error_code: 'APIGW.0301' })).toMatchObject({ ok: false, retryable: false });
    expect(classifyLicenceAnswer(400, { error_code: 'APIGW.0201' })).toMatchObject({ ok: false, retryable: false });
    expect(classifyLicenceAnswer(500, { error_code: 'MKT.0999' })).toMatchObject({ ok: false, retryable: true });
    expect(classifyLicenceAnswer(429, undefined)).toMatchObject({ ok: false, retryable: true });
  });

  it('times: epoch ms or s, 14/17 digits, "yyyy-MM-dd HH:mm:ss z", ISO', () => {
    const t = Date.UTC(2027, 0, 2, 3, 4, 5);
    expect(parseLicenceTime(t)).toEqual(new Date(t));
    expect(parseLicenceTime(t / 1000)).toEqual(new Date(t));
    expect(parseLicenceTime(String(t))).toEqual(new Date(t));
    expect(parseLicenceTime('20270102030405')).toEqual(new Date(t));
    expect(parseLicenceTime('20270102030405000')).toEqual(new Date(t));
    expect(parseLicenceTime('2027-01-02 03:04:05 z')).toEqual(new Date(t));
    expect(parseLicenceTime('2027-01-02T03:04:05Z')).toEqual(new Date(t));
    expect(parseLicenceTime('2027-01-02T11:04:05+08:00')).toEqual(new Date(t));
    expect(parseLicenceTime(null)).toBeNull();
    expect(parseLicenceTime('soon')).toBeUndefined();
  });
});

describe('the verdict given to the software', () => {
  const now = new Date(Date.UTC(2026, 11, 2));
  const row = { code: 'LIC-1', status: 'active' as const, market_status: 'ALIVE', product_id: 'P', amount: '5.0000', order_id: 'CS1', expire_time: new Date(Date.UTC(2027, 0, 1)), activated_at: now, device_fingerprint: 'DEV-A', now };

  it('active on its device, activated elsewhere on another, expired once the expiry passed', () => {
    expect(answerFor(row, 'DEV-A')).toMatchObject({ verdict: 'active', active: true, amount: '5', expireTime: '2027-01-01T00:00:00.000Z' });
    expect(answerFor(row, 'DEV-B')).toMatchObject({ verdict: 'activated_elsewhere', active: false });
    expect(answerFor(row, undefined).verdict).toBe('activated_elsewhere');
    expect(answerFor({ ...row, device_fingerprint: null }, 'DEV-B').verdict).toBe('active');
    expect(answerFor({ ...row, now: new Date(Date.UTC(2027, 0, 2)) }, 'DEV-A')).toMatchObject({ verdict: 'expired', status: 'expired' });
    expect(answerFor({ ...row, status: 'frozen' }, 'DEV-A').verdict).toBe('frozen');
    expect(answerFor({ ...row, status: 'released' }, 'DEV-A').verdict).toBe('released');
  });

  it('the marketplace’s word as a status, and as a heartbeat status', () => {
    const n = now.getTime();
    expect(statusFromMarket('ALIVE', null, n)).toBe('active');
    expect(statusFromMarket('ALIVE', new Date(n - 1), n)).toBe('expired');
    expect(statusFromMarket('EXPIRED', null, n)).toBe('expired');
    expect(statusFromMarket('RELEASED', null, n)).toBe('released');
    expect(statusFromMarket('FROZEN', null, n)).toBe('frozen');
    expect(heartbeatStatus('ALIVE', new Date(n + 1000), n)).toBe('ALIVE');
    expect(heartbeatStatus('ALIVE', new Date(n - 1000), n)).toBe('EXPIRED');
    expect(heartbeatStatus('RELEASED', null, n)).toBe('RELEASED');
  });

  it('the software’s input, field by field', () => {
    expect(checkActivateInput('{"license":" LIC-1 ","realEffectTime":"2026-12-02","deviceFingerprint":"D"}')).toEqual({ ok: true, value: { license: 'LIC-1', realEffectTime: '2026-12-02', deviceFingerprint: 'D' } });
    expect(checkActivateInput('{"license":"L","deviceFingerprint":""}')).toEqual({ ok: true, value: { license: 'L' } });
    expect(checkActivateInput('{"license":"L\\u0000"}')).toMatchObject({ ok: false, field: 'license', message: 'license must not contain the character U+0000' });
    expect(checkActivateInput(`{"license":"L","deviceFingerprint":"${'d'.repeat(1025)}"}`)).toMatchObject({ ok: false, message: 'deviceFingerprint is longer than 1024 characters' });
    expect(checkActivateInput('{"license":"L","realEffectTime":5}')).toMatchObject({ ok: false, message: 'realEffectTime must be a string' });
    expect(checkActivateInput('null')).toMatchObject({ ok: false, field: 'body' });
    expect(checkHeartbeatInput('{"license":"L","heartbeatInfo":"v1"}')).toEqual({ ok: true, value: { license: 'L', heartbeatInfo: 'v1' } });
    expect(checkHeartbeatInput('{}')).toMatchObject({ ok: false, message: 'license is required' });
  });
});

describe('the lifecycle of a code (spec §9.1, §7.3)', () => {
  it('freeze, unfreeze, release once each; a released code refuses renewal and unfreeze; a pending one asks to retry', () => {
    expect(decideCodeChange('active', 'FREEZE')).toEqual({ kind: 'apply', to: 'frozen', event: 'licence.frozen' });
    expect(decideCodeChange('frozen', 'FREEZE')).toEqual({ kind: 'noop' });
    expect(decideCodeChange('frozen', 'UNFREEZE')).toEqual({ kind: 'apply', to: 'active', event: 'licence.unfrozen' });
    expect(decideCodeChange('active', 'UNFREEZE')).toEqual({ kind: 'noop' });
    expect(decideCodeChange('released', 'UNFREEZE')).toMatchObject({ kind: 'refuse', code: '000003' });
    expect(decideCodeChange('released', 'FREEZE')).toEqual({ kind: 'noop' });
    expect(decideCodeChange('released', 'RELEASE')).toEqual({ kind: 'noop' });
    expect(decideCodeChange('frozen', 'RELEASE')).toEqual({ kind: 'apply', to: 'released', event: 'licence.released' });
    expect(decideCodeChange('released', 'RENEW')).toMatchObject({ kind: 'refuse', code: '000003' });
    expect(decideCodeChange('expired', 'RENEW', 'active')).toEqual({ kind: 'apply', to: 'active', event: 'licence.renewed' });
    expect(decideCodeChange('frozen', 'RENEW', 'active')).toEqual({ kind: 'apply', to: 'frozen', event: 'licence.renewed' });
    expect(decideCodeChange('pending', 'FREEZE')).toMatchObject({ kind: 'refuse', code: '000005' });
  });
});
