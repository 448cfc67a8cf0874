/** spec §6: the result codes of the production interfaces (V2). */
export const ResultCode = {
  SUCCESS: '000000',
  AUTH_FAILED: '000001',
  INVALID_PARAM: '000002',
  INSTANCE_NOT_FOUND: '000003',
  PROCESSING: '000004',
  INTERNAL_ERROR: '000005',
  NO_RESOURCE: '000100',
  /** spec §6, getLicenseAsync: 该实例当前生效订单可用License额度不足 */
  LICENCE_QUOTA_EXHAUSTED: '000900',
  /** spec §6, getLicenseAsync: 不在订单有效期内 */
  OUTSIDE_ORDER_VALIDITY: '000901',
  /** spec §6, getLicenseAsync: 包周期License需传过期时间 */
  PERIOD_NEEDS_EXPIRE_TIME: '000902',
  /** spec §6, getLicenseAsync: 需要设备指纹 */
  DEVICE_FINGERPRINT_REQUIRED: '000903',
} as const;
export type ResultCodeValue = (typeof ResultCode)[keyof typeof ResultCode];

export interface ProduceResult {
  resultCode: ResultCodeValue;
  resultMsg: string;
  [extra: string]: unknown;
}

export function result(resultCode: ResultCodeValue, resultMsg: string, extra?: Record<string, unknown>): ProduceResult {
  return { resultCode, resultMsg, ...extra };
}

export const success = (extra?: Record<string, unknown>) => result(ResultCode.SUCCESS, 'success.', extra);
export const invalidParam = (msg: string) => result(ResultCode.INVALID_PARAM, msg);
export const authFailed = (msg: string) => result(ResultCode.AUTH_FAILED, msg);
export const notFound = (msg: string) => result(ResultCode.INSTANCE_NOT_FOUND, msg);
export const processing = (extra?: Record<string, unknown>) => result(ResultCode.PROCESSING, 'processing', extra);
export const internalError = (msg = 'other inner error') => result(ResultCode.INTERNAL_ERROR, msg);

/** Success for the marketplace: 000000, or 000004 where the activity may answer asynchronously (spec §6). */
export function isSuccess(code: string | undefined, activity?: string): boolean {
  if (code === ResultCode.SUCCESS) return true;
  return code === ResultCode.PROCESSING && (activity === 'newInstance' || activity === 'upgradeInstance' || activity === 'queryInstance' || activity === 'getLicenseAsync');
}
