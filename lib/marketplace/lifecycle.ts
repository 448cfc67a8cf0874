import { randomUUID } from 'node:crypto';
import type { OrderInfo } from '../openapi/types';
import { isProduceSuccess, resultCodeOf, sendProduceCall, type ProduceBody, type ProduceCallResult } from './call';
import { makeOrder, mockOrders, newOrderId, UPGRADED_SKU_CODE } from './mockOrders';
import { callWithRetries, pollQueryInstance, type RetryPolicy } from './retries';
import { addUtc, utc14 } from './time';

/**
 * A whole instance life as the marketplace drives it: newInstance → queryInstance until ready → refreshInstance
 * (RENEWAL) → updateInstanceStatus FREEZE / UNFREEZE → upgradeInstance → releaseInstance, plus the two idempotency
 * repeats of spec §7.3 (newInstance again → same instanceId; releaseInstance again → success). Played by the emulator's
 * CLI and the console's debugger against any production URL; callers may add steps before the release (beforeRelease).
 */

export interface LifecycleOptions {
  /** production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  key: string;
  /** id of the NEW order (fresh when orders are registered; else MOCKPERIODYEARNEW) */
  orderId?: string;
  /** register the NEW, RENEW and CHANGE orders with this function (e.g. an in-process emulator's order store) … */
  registerOrder?: (order: OrderInfo) => void | Promise<void>;
  /** … or through the control API of an emulator running elsewhere (e.g. http://127.0.0.1:3900) */
  emulatorUrl?: string;
  /** testFlag for every call; default "1" with the debug mock orders, omitted (a real order) otherwise */
  testFlag?: '0' | '1' | null;
  /** how long/often to poll queryInstance (default 30 s / 1 s) */
  poll?: { timeoutMs: number; intervalMs: number };
  /** retries of newInstance/upgradeInstance (default: a single attempt) */
  retry?: RetryPolicy;
  /** progress callback, called as each step ends */
  onStep?: (step: LifecycleStep) => void;
  /**
   * more steps for the new instance, played after the basic ones and before releaseInstance (the debugger's kit syncs,
   * lib/marketplace/kitScenario.ts); each step it returns is recorded as it ends through `record`
   */
  beforeRelease?: (ctx: { instanceId: string; record: (step: LifecycleStep) => void }) => Promise<void>;
}

export interface LifecycleStep {
  name: string;
  pass: boolean;
  detail: string;
  /** every call made in this step, each with its request and response */
  calls: ProduceCallResult[];
}

export interface LifecycleResult {
  ok: boolean;
  orderId: string;
  instanceId?: string;
  steps: LifecycleStep[];
}

type Registrar = (order: OrderInfo) => Promise<void>;

function registrarFor(opts: LifecycleOptions): Registrar | undefined {
  if (opts.registerOrder) {
    const registerOrder = opts.registerOrder;
    return async (o) => registerOrder(o);
  }
  if (opts.emulatorUrl) {
    const base = opts.emulatorUrl.replace(/\/+$/, '');
    return async (o) => {
      const res = await fetch(`${base}/emulator/orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(o),
        signal: AbortSignal.timeout(5000),
      });
      if (res.status !== 201) throw new Error(`POST ${base}/emulator/orders answered ${res.status}: ${await res.text()}`);
    };
  }
  return undefined;
}

/** The NEW, RENEW and CHANGE orders of one life. */
function planOrders(opts: LifecycleOptions, fresh: boolean): { created: OrderInfo; renewal: OrderInfo; change: OrderInfo } {
  const now = new Date();
  if (!fresh) {
    // the emulator (or Huawei's debug environment) holds these mock orders (spec §3.11)
    const mocks = new Map(mockOrders(now).map((o) => [o.orderId, o]));
    const created = { ...mocks.get('MOCKPERIODYEARNEW')!, ...(opts.orderId ? { orderId: opts.orderId } : {}) };
    if (opts.orderId) created.orderLine = [{ ...created.orderLine[0]!, orderLineId: `${opts.orderId}-000001` }];
    return { created, renewal: mocks.get('MOCKMONTYRENEW')!, change: mocks.get('MOCKMONTYCHANGE')! };
  }
  const created = makeOrder({ orderId: opts.orderId ?? newOrderId(now), orderType: 'NEW', chargingMode: 'PERIOD', periodType: 'year', linearValue: 10, now });
  const renewedExpiry = utc14(addUtc(now, { years: 2 }));
  const renewal = makeOrder({ orderId: newOrderId(now), orderType: 'RENEW', chargingMode: 'PERIOD', periodType: 'year', linearValue: 10, expireTime: renewedExpiry, now });
  const change = makeOrder({ orderId: newOrderId(now), orderType: 'CHANGE', chargingMode: 'PERIOD', periodType: 'year', skuCode: UPGRADED_SKU_CODE, linearValue: 50, expireTime: renewedExpiry, now });
  return { created, renewal, change };
}

const lineOf = (o: OrderInfo) => o.orderLine[0]!;

function describe(r: ProduceCallResult): string {
  if (r.error) return r.error;
  return `HTTP ${r.status}, resultCode ${resultCodeOf(r) ?? '(none)'}${r.json === undefined ? ', answer is not JSON' : ''}`;
}

export async function runLifecycle(opts: LifecycleOptions): Promise<LifecycleResult> {
  const register = registrarFor(opts);
  const { created, renewal, change } = planOrders(opts, register !== undefined);
  const testFlag = opts.testFlag === undefined ? (register ? undefined : '1') : (opts.testFlag ?? undefined);
  const flag = testFlag ? { testFlag } : {};
  const poll = opts.poll ?? { timeoutMs: 30_000, intervalMs: 1000 };
  const retry = opts.retry ?? { attempts: 1, intervalMs: 1000 };
  const steps: LifecycleStep[] = [];
  const result: LifecycleResult = { ok: false, orderId: created.orderId, steps };
  const record = (step: LifecycleStep) => {
    steps.push(step);
    opts.onStep?.(step);
    return step;
  };
  const call = (body: ProduceBody) => sendProduceCall({ url: opts.url, key: opts.key, body, ...flag });
  const expect000000 = async (name: string, body: ProduceBody) => {
    const r = await call(body);
    const pass = isProduceSuccess(body.activity, r) && resultCodeOf(r) === '000000';
    return record({ name, pass, detail: describe(r), calls: [r] });
  };

  if (register) {
    try {
      for (const o of [created, renewal, change]) await register(o);
      record({ name: 'register orders', pass: true, detail: `NEW ${created.orderId}, RENEW ${renewal.orderId}, CHANGE ${change.orderId}`, calls: [] });
    } catch (e) {
      record({ name: 'register orders', pass: false, detail: String(e), calls: [] });
      return result;
    }
  }

  // newInstance (spec §3.3): only IDs; the app fetches the order with Query Order
  const newBody: ProduceBody = { activity: 'newInstance', orderId: created.orderId, orderLineId: lineOf(created).orderLineId, businessId: randomUUID() };
  const created1 = await callWithRetries({ url: opts.url, key: opts.key, body: newBody, ...flag }, retry);
  const instanceId = (created1.last.json as { instanceId?: unknown } | undefined)?.instanceId;
  const newOk = created1.ok && typeof instanceId === 'string' && instanceId.length > 0 && instanceId.length <= 64;
  record({ name: 'newInstance', pass: newOk, detail: describe(created1.last) + (newOk ? `, instanceId ${instanceId}` : created1.ok ? ', no valid instanceId' : ''), calls: created1.attempts });
  if (!newOk) return result;
  result.instanceId = instanceId;

  // queryInstance until ready (spec §3.4), also after a synchronous 000000
  const ready = await pollQueryInstance(opts.url, opts.key, instanceId, { ...poll, ...flag });
  record({ name: 'queryInstance (until ready)', pass: ready.ok, detail: ready.ok ? `ready after ${ready.polls.length} poll(s)` : ready.reason!, calls: ready.polls });

  // idempotency (spec §7.3): same order line, new businessId → same instanceId
  const again = await call({ ...newBody, businessId: randomUUID() });
  const againId = (again.json as { instanceId?: unknown } | undefined)?.instanceId;
  const againOk = isProduceSuccess('newInstance', again) && againId === instanceId;
  record({ name: 'newInstance (repeat: same instanceId)', pass: againOk, detail: describe(again) + `, instanceId ${String(againId)}`, calls: [again] });

  // refreshInstance RENEWAL (spec §3.5): expireTime as 17 digits, like the documented example
  await expect000000('refreshInstance (RENEWAL)', {
    activity: 'refreshInstance',
    scene: 'RENEWAL',
    instanceId,
    orderId: renewal.orderId,
    orderLineId: lineOf(renewal).orderLineId,
    productId: lineOf(renewal).productInfo[0]!.productId,
    expireTime: `${lineOf(renewal).expireTime ?? utc14(addUtc(new Date(), { years: 1 }))}000`,
  });

  // updateInstanceStatus (spec §3.6)
  await expect000000('updateInstanceStatus FREEZE', { activity: 'updateInstanceStatus', instanceId, status: 'FREEZE' });
  await expect000000('updateInstanceStatus UNFREEZE', { activity: 'updateInstanceStatus', instanceId, status: 'UNFREEZE' });

  // upgradeInstance (spec §3.8): 000004 allowed, then poll queryInstance
  const upBody: ProduceBody = { activity: 'upgradeInstance', instanceId, orderId: change.orderId, orderLineId: lineOf(change).orderLineId };
  const up = await callWithRetries({ url: opts.url, key: opts.key, body: upBody, ...flag }, retry);
  let upPass = up.ok;
  let upDetail = describe(up.last);
  const upCalls = [...up.attempts];
  if (up.ok && resultCodeOf(up.last) === '000004') {
    const p = await pollQueryInstance(opts.url, opts.key, instanceId, { ...poll, ...flag });
    upCalls.push(...p.polls);
    upPass = p.ok;
    upDetail += p.ok ? `; ready after ${p.polls.length} poll(s)` : `; ${p.reason}`;
  }
  record({ name: 'upgradeInstance', pass: upPass, detail: upDetail, calls: upCalls });

  if (opts.beforeRelease) {
    try {
      await opts.beforeRelease({ instanceId, record });
    } catch (e) {
      record({ name: 'steps before releaseInstance', pass: false, detail: String(e), calls: [] });
    }
  }

  // releaseInstance (spec §3.7), then again: a repeat must succeed (spec §7.3)
  await expect000000('releaseInstance', { activity: 'releaseInstance', instanceId });
  await expect000000('releaseInstance (repeat)', { activity: 'releaseInstance', instanceId });

  result.ok = steps.every((s) => s.pass);
  return result;
}
