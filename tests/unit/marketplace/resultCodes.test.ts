import { describe, expect, it } from 'vitest';
import {
  authFailed,
  internalError,
  invalidParam,
  isSuccess,
  notFound,
  processing,
  result,
  ResultCode,
  success,
} from '@/lib/marketplace/resultCodes';
import { ACTIVITIES } from '@/lib/marketplace/schemas';

/** spec §6 result codes (V2). */
describe('ResultCode', () => {
  it('has the documented values', () => {
    expect(ResultCode).toEqual({
      SUCCESS: '000000',
      AUTH_FAILED: '000001',
      INVALID_PARAM: '000002',
      INSTANCE_NOT_FOUND: '000003',
      PROCESSING: '000004',
      INTERNAL_ERROR: '000005',
      NO_RESOURCE: '000100',
      LICENCE_QUOTA_EXHAUSTED: '000900',
      OUTSIDE_ORDER_VALIDITY: '000901',
      PERIOD_NEEDS_EXPIRE_TIME: '000902',
      DEVICE_FINGERPRINT_REQUIRED: '000903',
    });
  });
});

describe('isSuccess (spec §6: 000000, or 000004 where async is allowed)', () => {
  it.each([...ACTIVITIES, undefined])('000000 is success for %s', (activity) => {
    expect(isSuccess('000000', activity)).toBe(true);
  });

  it.each(['newInstance', 'upgradeInstance', 'queryInstance', 'getLicenseAsync'])('000004 is success for %s', (activity) => {
    expect(isSuccess('000004', activity)).toBe(true);
  });

  it.each(['refreshInstance', 'updateInstanceStatus', 'releaseInstance', 'changeInstanceCheck', 'orderNotify', 'unknown', undefined])(
    '000004 is a failure for %s',
    (activity) => {
      expect(isSuccess('000004', activity)).toBe(false);
    },
  );

  it.each(['000001', '000002', '000003', '000005', '000100', '000101', '', '0', '0000000', ' 000000', undefined])(
    '%j is never success',
    (code) => {
      for (const activity of [...ACTIVITIES, undefined]) expect(isSuccess(code, activity)).toBe(false);
    },
  );
});

describe('result helpers', () => {
  it('success: 000000 "success." (the demo text), with extra fields', () => {
    expect(success()).toEqual({ resultCode: '000000', resultMsg: 'success.' });
    expect(success({ instanceId: 'i-1' })).toEqual({ resultCode: '000000', resultMsg: 'success.', instanceId: 'i-1' });
  });

  it('processing: 000004', () => {
    expect(processing()).toEqual({ resultCode: '000004', resultMsg: 'processing' });
    expect(processing({ instanceId: 'i-2' })).toEqual({ resultCode: '000004', resultMsg: 'processing', instanceId: 'i-2' });
  });

  it('authFailed: 000001', () => {
    expect(authFailed('bad signature')).toEqual({ resultCode: '000001', resultMsg: 'bad signature' });
  });

  it('invalidParam: 000002', () => {
    expect(invalidParam('orderId is required')).toEqual({ resultCode: '000002', resultMsg: 'orderId is required' });
  });

  it('notFound: 000003', () => {
    expect(notFound('instance x not found')).toEqual({ resultCode: '000003', resultMsg: 'instance x not found' });
  });

  it('internalError: 000005 with the demo text by default', () => {
    expect(internalError()).toEqual({ resultCode: '000005', resultMsg: 'other inner error' });
    expect(internalError('db down')).toEqual({ resultCode: '000005', resultMsg: 'db down' });
  });

  it('result: extra fields cannot be lost, the code and message come first', () => {
    const r = result('000100', 'no resource', { info: [] });
    expect(r).toEqual({ resultCode: '000100', resultMsg: 'no resource', info: [] });
    expect(Object.keys(r).slice(0, 2)).toEqual(['resultCode', 'resultMsg']);
  });

  it('every helper result counts as success only when it should', () => {
    expect(isSuccess(success().resultCode, 'releaseInstance')).toBe(true);
    expect(isSuccess(processing().resultCode, 'newInstance')).toBe(true);
    expect(isSuccess(processing().resultCode, 'releaseInstance')).toBe(false);
    for (const r of [authFailed('x'), invalidParam('x'), notFound('x'), internalError()]) {
      expect(isSuccess(r.resultCode, 'newInstance')).toBe(false);
    }
  });
});
