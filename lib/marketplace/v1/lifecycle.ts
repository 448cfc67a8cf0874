import { randomUUID } from 'node:crypto';
import { decryptCredential, type EncryptType } from '../aes';
import { resultCodeOf, type ProduceCallResult } from '../call';
import type { LifecycleResult, LifecycleStep } from '../lifecycle';
import { newOrderId, UPGRADED_SKU_CODE, v1PurchaseParams } from '../mockOrders';
import { sleep } from '../retries';
import { addUtc, utc14 } from '../time';
import { checkBodySign, sendV1Call } from './call';

/**
 * A whole life as the marketplace drives it through the V1 interfaces (spec §4): GET calls with the order inline and an
 * authToken, every answer's Body-Sign checked, credentials decrypted with the Key. Played by the emulator's CLI
 * (`lifecycle --v1`, `lifecycle --v1 --licence`) and the console's debugger in its V1 mode, against any production URL.
 *
 * Instance: newInstance (again on 000004, as the marketplace retries) → queryInstance → newInstance again (same
 * instanceId, spec §7.3) → refreshInstance → instanceStatus FREEZE / NORMAL → upgrade → expireInstance →
 * releaseInstance, twice. Licence (spec §4.12): getLicense → queryInstance until its instance is provisioned →
 * getLicense again (the same licence) → refreshLicense → expireLicense → releaseLicense, twice.
 */

export interface V1LifecycleOptions {
  /** production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  /** the V1 Key (as the app uses it: Body-Sign and AES) */
  key: string;
  /** testFlag of every call (default "1", a debugging call) */
  testFlag?: '0' | '1';
  /** id of the new-purchase order (default a fresh one) */
  orderId?: string;
  /** how many times newInstance / upgrade are sent again while they answer 000004 (default 10, 1 s apart) */
  polls?: number;
  onStep?: (step: LifecycleStep) => void;
}

/** What a V1 answer must have, besides its result code: a valid Body-Sign (spec §4.3), and what each step adds. */
export interface V1Expectation {
  /** result codes that pass (default 000000) */
  codes?: string[];
  /** more checks of the parsed answer: a reason when it fails */
  check?: (json: Record<string, unknown>) => string | undefined;
}

/** Judges one V1 answer as the marketplace's V1 debug tool does; the detail names the first problem. */
export function judgeV1Answer(key: string, r: ProduceCallResult, expect: V1Expectation = {}): { pass: boolean; detail: string } {
  if (r.error) return { pass: false, detail: r.error };
  if (r.status !== 200) return { pass: false, detail: `HTTP ${r.status}: a V1 answer is HTTP 200` };
  const json = r.json as Record<string, unknown> | undefined;
  if (!json || typeof json !== 'object') return { pass: false, detail: 'the answer is not JSON' };
  const code = resultCodeOf(r) ?? '(none)';
  const msg = typeof json.resultMsg === 'string' ? ` (${json.resultMsg.slice(0, 200)})` : '';
  const sign = checkBodySign(key, r);
  if (!sign.valid) return { pass: false, detail: `resultCode ${code}; ${sign.detail}` };
  if (!(expect.codes ?? ['000000']).includes(code)) return { pass: false, detail: `resultCode ${code}${msg}; ${sign.detail}` };
  const problem = expect.check?.(json);
  return problem ? { pass: false, detail: `resultCode ${code}; ${problem}` } : { pass: true, detail: `resultCode ${code}; ${sign.detail}` };
}

/**
 * newInstance's answer (spec §4.4): the instanceId, and appInfo with a frontEndUrl (what the marketplace's V1 debug
 * tool checks); userName and password, when given, decrypt with the Key and the answer's encryptType.
 */
export function checkNewInstanceAnswer(key: string, json: Record<string, unknown>): string | undefined {
  const id = json.instanceId;
  if (typeof id !== 'string' || !id || id.length > 64) return 'no instanceId (1 to 64 characters)';
  const app = json.appInfo as Record<string, unknown> | undefined;
  if (!app || typeof app !== 'object') return 'no appInfo';
  if (typeof app.frontEndUrl !== 'string' || !app.frontEndUrl) return 'no appInfo.frontEndUrl';
  return checkCredentials(key, json.encryptType, app);
}

function checkCredentials(key: string, encryptType: unknown, app: Record<string, unknown>): string | undefined {
  const type: EncryptType = encryptType === '2' || encryptType === 2 ? 2 : 1;
  for (const field of ['userName', 'password'] as const) {
    const v = app[field];
    if (v === undefined || v === '') continue;
    try {
      if (typeof v !== 'string' || decryptCredential(key, v, type) === '') return `appInfo.${field} is empty once decrypted`;
    } catch {
      return `appInfo.${field} does not decrypt with the Key (encryptType ${type})`;
    }
  }
  return undefined;
}

/** queryInstance's answer (spec §4.10): the instance listed, its credentials decrypting. */
function checkQueryAnswer(key: string, instanceId: string) {
  return (json: Record<string, unknown>): string | undefined => {
    const info = Array.isArray(json.info) ? (json.info as Record<string, unknown>[]) : [];
    const mine = info.find((i) => i?.instanceId === instanceId);
    if (!mine) return `info lists no instance ${instanceId}`;
    return checkCredentials(key, json.encryptType, (mine.appInfo ?? {}) as Record<string, unknown>);
  };
}

function player(opts: V1LifecycleOptions) {
  const now = new Date();
  const orderId = opts.orderId ?? newOrderId(now);
  const steps: LifecycleStep[] = [];
  const result: LifecycleResult = { ok: false, orderId, steps };
  const flag = { testFlag: opts.testFlag ?? '1' };
  const send = (params: Record<string, string>) => sendV1Call({ url: opts.url, key: opts.key, params: { ...params, ...flag } });
  const record = (name: string, calls: ProduceCallResult[], judged: { pass: boolean; detail: string }) => {
    const step = { name, pass: judged.pass, detail: judged.detail, calls };
    steps.push(step);
    opts.onStep?.(step);
    return step;
  };
  const step = async (name: string, params: Record<string, string>, expect?: V1Expectation) => {
    const r = await send(params);
    return { r, step: record(name, [r], judgeV1Answer(opts.key, r, expect)) };
  };
  /** sent again while it answers 000004 (the marketplace's retry), as a new call each time */
  const untilDone = async (name: string, params: () => Record<string, string>, expect: V1Expectation) => {
    const calls: ProduceCallResult[] = [];
    let r = await send(params());
    calls.push(r);
    for (let i = 0; i < (opts.polls ?? 10) && resultCodeOf(r) === '000004' && r.status === 200; i++) {
      await sleep(1000);
      r = await send(params());
      calls.push(r);
    }
    const judged = judgeV1Answer(opts.key, r, expect);
    return { r, step: record(name, calls, calls.length > 1 ? { ...judged, detail: `${judged.detail} (after ${calls.length} calls)` } : judged) };
  };
  /** the result once every step is played: ok when each passed */
  const done = () => {
    result.ok = steps.every((s) => s.pass);
    return result;
  };
  return { now, orderId, result, purchase: v1PurchaseParams(orderId, now, randomUUID()), step, untilDone, done };
}

export async function runV1Lifecycle(opts: V1LifecycleOptions): Promise<LifecycleResult> {
  const { now, orderId, result, purchase, step, untilDone, done } = player(opts);
  const bought = await untilDone('newInstance', () => ({ activity: 'newInstance', ...purchase, businessId: randomUUID() }), { check: (j) => checkNewInstanceAnswer(opts.key, j) });
  if (!bought.step.pass) return result;
  const instanceId = (bought.r.json as { instanceId: string }).instanceId;
  result.instanceId = instanceId;

  await step('queryInstance', { activity: 'queryInstance', instanceId }, { check: checkQueryAnswer(opts.key, instanceId) });
  await step('newInstance (repeat: same instanceId)', { activity: 'newInstance', ...purchase, businessId: randomUUID() }, {
    check: (j) => (j.instanceId === instanceId ? undefined : `instanceId ${String(j.instanceId)}, expected ${instanceId}`),
  });
  await step('refreshInstance (renewal)', { activity: 'refreshInstance', instanceId, orderId: newOrderId(now), expireTime: utc14(addUtc(now, { years: 2 })), periodType: 'year', periodNumber: '1' });
  await step('instanceStatus FREEZE', { activity: 'instanceStatus', instanceId, instanceStatus: 'FREEZE' });
  await step('instanceStatus NORMAL', { activity: 'instanceStatus', instanceId, instanceStatus: 'NORMAL' });
  await untilDone('upgrade', () => ({ activity: 'upgrade', instanceId, orderId: `${orderId}U`.slice(0, 64), skuCode: UPGRADED_SKU_CODE, productId: purchase.productId!, amount: '50' }), { codes: ['000000'] });
  await step('expireInstance', { activity: 'expireInstance', instanceId, orderId });
  await step('releaseInstance', { activity: 'releaseInstance', instanceId, orderId });
  await step('releaseInstance (repeat)', { activity: 'releaseInstance', instanceId, orderId });
  return done();
}

/** spec §4.12: getLicense's answer carries the instanceId and the licence. */
function checkLicenceAnswer(json: Record<string, unknown>): string | undefined {
  if (typeof json.instanceId !== 'string' || !json.instanceId || json.instanceId.length > 64) return 'no instanceId (1 to 64 characters)';
  if (typeof json.license !== 'string' || !json.license) return 'no license';
  return undefined;
}

export async function runV1LicenceLifecycle(opts: V1LifecycleOptions): Promise<LifecycleResult> {
  const { now, orderId, result, purchase, step, untilDone, done } = player(opts);
  const got = await step('getLicense', { activity: 'getLicense', ...purchase }, { check: checkLicenceAnswer });
  if (!got.step.pass) return result;
  const { instanceId, license } = got.r.json as { instanceId: string; license: string };
  result.instanceId = instanceId;
  // the licence's instance is provisioned behind the answer; the lifecycle's later calls need it ready
  await untilDone('queryInstance (until provisioned)', () => ({ activity: 'queryInstance', instanceId }), { check: checkQueryAnswer(opts.key, instanceId) });
  await step('getLicense (repeat: same licence)', { activity: 'getLicense', ...purchase, businessId: randomUUID() }, {
    check: (j) => (j.instanceId !== instanceId ? `instanceId ${String(j.instanceId)}, expected ${instanceId}` : j.license !== license ? 'another licence than the first answer' : undefined),
  });
  await step('refreshLicense (renewal)', { activity: 'refreshLicense', instanceId, orderId: newOrderId(now), productId: purchase.productId!, expireTime: utc14(addUtc(now, { years: 2 })) });
  await step('expireLicense', { activity: 'expireLicense', instanceId, orderId });
  await step('releaseLicense', { activity: 'releaseLicense', instanceId, orderId });
  await step('releaseLicense (repeat)', { activity: 'releaseLicense', instanceId, orderId });
  return done();
}
