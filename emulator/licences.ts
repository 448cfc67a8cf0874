import { randomBytes } from 'node:crypto';
import { LICENCE_INVALID, LICENCE_OK } from '../lib/openapi/types';

/**
 * The marketplace's licence codes (spec §9.1) as the emulator keeps them, and its activate and heartbeat open APIs.
 * Answers: `{error_code: "92020000", error_msg, data: {license_code_info: "<JSON string>"}}`; a code it does not hold
 * (or a body without `license`) `91381033` "License resource invalid" with HTTP 400 [inferred: the pages show the code,
 * not the status]. Times in the info are epoch milliseconds [inferred].
 */
export type EmulatedCodeStatus = 'ALIVE' | 'RELEASED' | 'FROZEN';

export interface EmulatedCode {
  license: string;
  status: EmulatedCodeStatus;
  /** epoch ms; null: no end */
  expireTime: number | null;
  productId: string;
  amount: number;
  orderId: string;
  orderLineId: string;
  /** set by the first activation */
  activateTime: number | null;
  realEffectTime: string | null;
  activations: number;
  heartbeats: number;
}

export interface LicenceStore {
  codes: Map<string, EmulatedCode>;
}

/** A code the emulator holds from the start (the debug mock order's), active for a year. */
export const MOCK_LICENCE_CODE = 'MOCK-LICENSE-CODE-0001';

export function createLicenceStore(opts: { preloadMocks: boolean; now: Date }): LicenceStore {
  const store: LicenceStore = { codes: new Map() };
  if (opts.preloadMocks) {
    putCode(store, { license: MOCK_LICENCE_CODE, orderId: 'MOCKLICENSECODE', expireTime: opts.now.getTime() + 365 * 24 * 3600 * 1000 }, opts.now);
  }
  return store;
}

export interface PutCodeInput {
  license?: string;
  status?: EmulatedCodeStatus;
  expireTime?: number | null;
  productId?: string;
  amount?: number;
  orderId?: string;
  orderLineId?: string;
}

/**
 * Registers a code; the shorthand fills the rest: a fresh code of a fresh order, alive for a year. A code held
 * already is changed in the fields given (its activation kept): how a test plays a release, a freeze or an expiry.
 */
export function putCode(store: LicenceStore, input: PutCodeInput, now: Date): EmulatedCode {
  const held = input.license !== undefined ? store.codes.get(input.license) : undefined;
  if (held) {
    for (const k of ['status', 'expireTime', 'productId', 'amount', 'orderId', 'orderLineId'] as const) {
      if (input[k] !== undefined) (held as unknown as Record<string, unknown>)[k] = input[k];
    }
    return held;
  }
  const orderId = input.orderId ?? `CS${randomBytes(6).toString('hex').toUpperCase()}`;
  const code: EmulatedCode = {
    license: input.license ?? `LIC-${randomBytes(10).toString('hex').toUpperCase()}`,
    status: input.status ?? 'ALIVE',
    expireTime: input.expireTime === undefined ? now.getTime() + 365 * 24 * 3600 * 1000 : input.expireTime,
    productId: input.productId ?? 'OFFI-LICENSE-CODE',
    amount: input.amount ?? 1,
    orderId,
    orderLineId: input.orderLineId ?? `${orderId}-000001`,
    activateTime: null,
    realEffectTime: null,
    activations: 0,
    heartbeats: 0,
  };
  store.codes.set(code.license, code);
  return code;
}

/** The status the marketplace reports: RELEASED, EXPIRED once the expiry passed, else the code's own. */
function reported(code: EmulatedCode, now: number): string {
  if (code.status === 'RELEASED') return 'RELEASED';
  if (code.expireTime !== null && code.expireTime <= now) return 'EXPIRED';
  return code.status;
}

export interface LicenceApiAnswer {
  status: number;
  json: unknown;
  note?: string;
}

function info(code: EmulatedCode, now: number): string {
  return JSON.stringify({
    status: reported(code, now),
    expire_time: code.expireTime,
    activate_time: code.activateTime,
    product_id: code.productId,
    amount: code.amount,
    order_id: code.orderId,
    order_line_id: code.orderLineId,
  });
}

function find(store: LicenceStore, body: string): { code: EmulatedCode; parsed: Record<string, unknown> } | LicenceApiAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { status: 400, json: { error_code: 'MKT.0199', error_msg: 'body is not JSON' }, note: 'body is not JSON' };
  }
  const license = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).license : undefined;
  const code = typeof license === 'string' ? store.codes.get(license) : undefined;
  if (!code) return { status: 400, json: { error_code: LICENCE_INVALID, error_msg: 'License resource invalid' }, note: 'unknown licence code' };
  return { code, parsed: parsed as Record<string, unknown> };
}

/** POST …/license/activate: the first activation sets activate_time; a released code is refused. */
export function activateCode(store: LicenceStore, body: string, now: Date): LicenceApiAnswer {
  const found = find(store, body);
  if ('status' in found) return found;
  const { code, parsed } = found;
  code.activations++;
  if (code.status === 'RELEASED') return { status: 400, json: { error_code: LICENCE_INVALID, error_msg: 'License resource invalid' }, note: 'released licence code' };
  if (code.activateTime === null) {
    code.activateTime = now.getTime();
    code.realEffectTime = typeof parsed.real_effect_time === 'string' ? parsed.real_effect_time : null;
  }
  return { status: 200, json: { error_code: LICENCE_OK, error_msg: 'success', data: { license_code_info: info(code, now.getTime()) } } };
}

/** POST …/license/heartbeat: the code's status now. */
export function heartbeatCode(store: LicenceStore, body: string, now: Date): LicenceApiAnswer {
  const found = find(store, body);
  if ('status' in found) return found;
  found.code.heartbeats++;
  return { status: 200, json: { error_code: LICENCE_OK, error_msg: 'success', data: { license_code_info: info(found.code, now.getTime()) } } };
}
