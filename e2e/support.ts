import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import type { OrderInfo } from '../lib/openapi/types';
import { resultCodeOf, sendProduceCall, type ProduceBody, type ProduceCallResult } from '../lib/marketplace/call';
import { sendKitCall } from '../lib/marketplace/kit';
import type { KitInterface } from '../lib/marketplace/names';
import { pollQueryInstance } from '../lib/marketplace/retries';
import { formatKitTime } from '../lib/kit/time';
import { E2E_EMULATOR_URL, MARKETPLACE_KEY, PRODUCE_URL, SCREENSHOTS } from './env';

export * from './env';

/** A full-page screenshot at laptop and phone width (no sideways scroll at 390 px), back at laptop width after. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: sideways scroll at 390 px`).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * Registers a fresh NEW order (one year, one line `<orderId>-000001`) in the app's emulator through its control API,
 * as the marketplace would hold it. Every test buys its own order: the app answers the same instance for the same
 * orderId + orderLineId (spec §7.3), and an order the emulator does not know makes provisioning fail (MKT.0100).
 */
export async function registerNewOrder(overrides: Record<string, unknown> = {}): Promise<OrderInfo> {
  const res = await fetch(`${E2E_EMULATOR_URL}/emulator/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // the emulator's order shorthand (README, "Control API"); a pay-per-use order, say, with { chargingMode: 'ON_DEMAND' }
    body: JSON.stringify({ orderType: 'NEW', chargingMode: 'PERIOD', periodType: 'year', periodNumber: 1, linearValue: 10, ...overrides }),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  expect(res.status, `POST /emulator/orders: ${text}`).toBe(201);
  return (JSON.parse(text) as { orderInfo: OrderInfo }).orderInfo;
}

/** One signed production-interface call, as the marketplace makes it. */
export function produce(body: ProduceBody): Promise<ProduceCallResult> {
  return sendProduceCall({ url: PRODUCE_URL, key: MARKETPLACE_KEY, body });
}

/** A call that must answer HTTP 200 with resultCode 000000. */
export async function produceOk(body: ProduceBody): Promise<ProduceCallResult> {
  const r = await produce(body);
  expect({ status: r.status, resultCode: resultCodeOf(r), error: r.error }, `${body.activity}: ${r.rawBody}`).toEqual({
    status: 200,
    resultCode: '000000',
    error: undefined,
  });
  return r;
}

/**
 * The marketplace's purchase of a fresh order whose first businessId (so the instance's id) is chosen, without waiting
 * for provisioning: for a call that failed on an instance not bought yet, and is re-invoked afterwards.
 */
export async function buyInstanceWithId(instanceId: string): Promise<void> {
  const order = await registerNewOrder();
  const bought = await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId: order.orderLine[0]!.orderLineId, businessId: instanceId });
  expect(['000000', '000004'], `newInstance: ${bought.rawBody}`).toContain(resultCodeOf(bought));
}

export interface BoughtInstance {
  orderId: string;
  orderLineId: string;
  instanceId: string;
  frontEndUrl: string;
  userName: string;
  password: string;
}

/** The marketplace's purchase: newInstance, then queryInstance until it answers 000000 with appInfo (spec §3.3, §3.4). */
export async function buyInstance(order: OrderInfo | Promise<OrderInfo> = registerNewOrder()): Promise<BoughtInstance> {
  order = await order;
  const orderLineId = order.orderLine[0]!.orderLineId;
  const created = await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId, businessId: randomUUID() });
  expect(created.status, `newInstance: ${created.error ?? created.rawBody}`).toBe(200);
  expect(['000000', '000004'], `newInstance: ${created.rawBody}`).toContain(resultCodeOf(created));
  const instanceId = (created.json as { instanceId?: unknown }).instanceId;
  expect(typeof instanceId, `newInstance: ${created.rawBody}`).toBe('string');

  const ready = await pollQueryInstance(PRODUCE_URL, MARKETPLACE_KEY, instanceId as string, { timeoutMs: 30_000, intervalMs: 500 });
  expect(ready.ok, ready.reason).toBe(true);
  const appInfo = ready.info!.appInfo as { frontEndUrl?: unknown; userName?: unknown; password?: unknown };
  for (const field of ['frontEndUrl', 'userName', 'password'] as const) {
    expect(typeof appInfo[field], `appInfo.${field} in ${ready.polls.at(-1)!.rawBody}`).toBe('string');
  }
  return {
    orderId: order.orderId,
    orderLineId,
    instanceId: instanceId as string,
    frontEndUrl: appInfo.frontEndUrl as string,
    userName: appInfo.userName as string,
    password: appInfo.password as string,
  };
}

/** One kit sync (spec §3.12) as the marketplace sends it (lib/marketplace/kit.ts), signed with the e2e key; it must succeed. */
export async function kitSync(name: KitInterface, body: Record<string, unknown>): Promise<void> {
  const r = await sendKitCall({ url: PRODUCE_URL, name, key: MARKETPLACE_KEY, body });
  expect(r.json, `${name}: ${r.rawBody}`).toMatchObject({ resultCode: '000000' });
}

/** Kit timeStamps (UTC+8) that strictly increase, a second apart, from a minute ago: later calls are newer changes. */
export function kitClock(): () => string {
  let n = 0;
  return () => formatKitTime(new Date(Date.now() - 60_000 + ++n * 1000));
}
