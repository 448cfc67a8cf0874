import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../emulator/aksk';
import { createEmulatorState, handleOpenApi, injectFault, type EmulatorState } from '../../../emulator/openapi';
import { makeOrder } from '../../../lib/marketplace/mockOrders';
import { startEmulatorServer } from '../../../emulator/server';
import { QUERY_ORDER_PATH, USAGE_PUSH_PATH, type QueryOrderResponse } from '../../../lib/openapi/types';

const creds = { ak: 'emu-ak', sk: 'emu-sk' };
const host = '127.0.0.1:3900';

function signedQuery(query: string, opts: { sk?: string } = {}) {
  const url = `${QUERY_ORDER_PATH}?${query}`;
  const headers = signRequest({ ak: creds.ak, sk: opts.sk ?? creds.sk, method: 'GET', url: `http://${host}${url}` });
  return { method: 'GET', url, headers: { ...headers, host }, body: '' };
}

function newState(): EmulatorState {
  return createEmulatorState({ credentials: [creds] });
}

describe('Query Order through handleOpenApi (spec §3.11)', () => {
  it('answers a mock order, narrowed to the line', async () => {
    const state = newState();
    const res = await handleOpenApi(signedQuery('orderId=MOCKPERIODYEARNEW&orderLineId=MOCKPERIODYEARNEW-000001'), state);
    expect(res.status).toBe(200);
    const json = JSON.parse(res.body) as QueryOrderResponse;
    expect(json.resultCode).toBe('MKT.0000');
    expect(json.orderInfo?.orderType).toBe('NEW');
    expect(json.orderInfo?.orderLine).toHaveLength(1);
    const line = json.orderInfo!.orderLine[0]!;
    expect(line).toMatchObject({ orderLineId: 'MOCKPERIODYEARNEW-000001', chargingMode: 'PERIOD', periodType: 'year', periodNumber: 1 });
    expect(line.expireTime).toMatch(/^\d{14}$/);
    expect(Number(line.expireTime!.slice(0, 4))).toBe(new Date().getUTCFullYear() + 1);
    expect(json.orderInfo?.createTime).toMatch(/^\d{14}$/);
    expect(json.orderInfo?.buyerInfo?.customerId).toBeTruthy();
    expect(state.calls).toHaveLength(1);
    expect(state.calls[0]).toMatchObject({ api: 'orderQuery', status: 200, ak: 'emu-ak', query: { orderId: 'MOCKPERIODYEARNEW' } });
  });

  it('has all nine mock orders and the extra package order with their types', async () => {
    const state = newState();
    const expected: Record<string, [string, string]> = {
      MOCKPERIODYEARNEW: ['NEW', 'PERIOD'],
      MOCKONETIMENEW: ['NEW', 'ONE_TIME'],
      MOCKONDEMAND: ['NEW', 'ON_DEMAND'],
      MOCKONDEMANDPKG: ['NEW', 'ON_DEMAND_PKG'],
      MOCKPERIODDAYTRIAL: ['TRIAL', 'PERIOD'],
      MOCKMONTYTRIALTOFORMAL: ['TRIAL_TO_FORMAL', 'PERIOD'],
      MOCKMONTYUNSUBSCRIBE: ['UNSUBSCRIBE', 'PERIOD'],
      MOCKMONTYRENEW: ['RENEW', 'PERIOD'],
      MOCKMONTYCHANGE: ['CHANGE', 'PERIOD'],
      // the emulator's own: a use-up-then-stop package
      MOCKONDEMANDPKGSTOP: ['NEW', 'ON_DEMAND_PKG'],
    };
    for (const [id, [type, mode]] of Object.entries(expected)) {
      const o = state.orders.getOrder(id, `${id}-000001`);
      expect(o?.orderType, id).toBe(type);
      expect(o?.orderLine[0]?.chargingMode, id).toBe(mode);
    }
    // the packages carry their units as the linear value and expire
    for (const [id, units] of [['MOCKONDEMANDPKG', 100], ['MOCKONDEMANDPKGSTOP', 50]] as const) {
      const line = state.orders.getOrder(id)!.orderLine[0]!;
      expect(line.productInfo[0]!.linearValue, id).toBe(units);
      expect(line.expireTime, id).toMatch(/^\d{14}$/);
    }
    const base = state.orders.getOrder('MOCKPERIODYEARNEW')!.orderLine[0]!.productInfo[0]!;
    const change = state.orders.getOrder('MOCKMONTYCHANGE')!.orderLine[0]!.productInfo[0]!;
    expect(change.skuCode).not.toBe(base.skuCode);
    expect(change.linearValue!).toBeGreaterThan(base.linearValue!);
  });

  it('answers a registered order; unknown order or line → MKT.0100 without orderInfo', async () => {
    const state = newState();
    state.orders.putOrder(makeOrder({ orderId: 'CS2601010000ABCDE', orderType: 'NEW', chargingMode: 'ONE_TIME' }));
    const ok = JSON.parse((await handleOpenApi(signedQuery('orderId=CS2601010000ABCDE'), state)).body) as QueryOrderResponse;
    expect(ok.orderInfo?.orderLine[0]?.orderLineId).toBe('CS2601010000ABCDE-000001');
    const missing = await handleOpenApi(signedQuery('orderId=NOPE'), state);
    expect(missing.status).toBe(200);
    expect(JSON.parse(missing.body)).toEqual({ resultCode: 'MKT.0100', resultMsg: 'order not found' });
    const badLine = JSON.parse((await handleOpenApi(signedQuery('orderId=CS2601010000ABCDE&orderLineId=CS2601010000ABCDE-000002'), state)).body);
    expect(badLine.orderInfo).toBeUndefined();
  });

  it('missing orderId → 400; bad signature → 401 APIGW.0301; unknown path → 404', async () => {
    const state = newState();
    expect((await handleOpenApi(signedQuery('orderLineId=X'), state)).status).toBe(400);
    const bad = await handleOpenApi(signedQuery('orderId=MOCKONDEMAND', { sk: 'wrong' }), state);
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body).error_code).toBe('APIGW.0301');
    const unsigned = await handleOpenApi({ method: 'GET', url: `${QUERY_ORDER_PATH}?orderId=MOCKONDEMAND`, headers: { host }, body: '' }, state);
    expect(unsigned.status).toBe(401);
    expect((await handleOpenApi({ method: 'GET', url: '/nope', headers: {}, body: '' }, state)).status).toBe(404);
    expect(state.calls.map((c) => c.status)).toEqual([400, 401, 401, 404]);
  });

  it('fault injection: the next N order queries answer 500, then normal service resumes', async () => {
    const state = newState();
    injectFault(state, { api: 'orderQuery', count: 2, status: 500 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await handleOpenApi(signedQuery('orderId=MOCKONETIMENEW'), state)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(state.faults).toHaveLength(0);
  });

  it('fault injection: the answer carries the errorCode asked for; a 4xx defaults to MKT.0199, a 5xx to MKT.0999', async () => {
    const state = newState();
    const usage = { method: 'POST', url: USAGE_PUSH_PATH, headers: {}, body: '{}' };
    injectFault(state, { api: 'usage', status: 400, errorCode: 'MKT.0101' });
    injectFault(state, { api: 'usage', status: 400 });
    injectFault(state, { api: 'usage', status: 503 });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await handleOpenApi(usage, state);
      answers.push([res.status, JSON.parse(res.body).error_code]);
    }
    expect(answers).toEqual([
      [400, 'MKT.0101'],
      [400, 'MKT.0199'],
      [503, 'MKT.0999'],
    ]);
    const control = (body: unknown) => handleOpenApi({ method: 'POST', url: '/emulator/faults', headers: {}, body: JSON.stringify(body) }, state);
    expect((await control({ api: 'usage', status: 401, errorCode: 'MKT.0154' })).status).toBe(201);
    expect(state.faults.at(-1)).toMatchObject({ api: 'usage', status: 401, errorCode: 'MKT.0154' });
    expect((await control({ api: 'usage', errorCode: 'MKT.0154', delayMs: 1 })).status).toBe(400);
    expect((await control({ api: 'usage', status: 400, errorCode: 'nonsense' })).status).toBe(400);
  });

  it('fault injection: delay', async () => {
    const state = newState();
    injectFault(state, { api: 'orderQuery', delayMs: 150 });
    const t0 = Date.now();
    const res = await handleOpenApi(signedQuery('orderId=MOCKONETIMENEW'), state);
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});

describe('control API and node:http server', () => {
  it('registers orders, injects faults and serves signed queries over HTTP', async () => {
    const state = newState();
    const server = await startEmulatorServer({ port: 0, state });
    try {
      const health = await fetch(`${server.url}/emulator/health`).then((r) => r.json());
      expect(health.status).toBe('ok');

      const created = await fetch(`${server.url}/emulator/orders`, {
        method: 'POST',
        body: JSON.stringify({ orderId: 'CSHTTP0000000001', orderType: 'CHANGE', skuCode: 'SKU-X', linearValue: 99 }),
      });
      expect(created.status).toBe(201);
      const badOrder = await fetch(`${server.url}/emulator/orders`, { method: 'POST', body: JSON.stringify({ orderId: 'X', orderLine: [] }) });
      expect(badOrder.status).toBe(400);

      const fault = await fetch(`${server.url}/emulator/faults`, { method: 'POST', body: JSON.stringify({ api: 'orderQuery', count: 1, status: 503 }) });
      expect(fault.status).toBe(201);

      const url = `${server.url}${QUERY_ORDER_PATH}?orderId=CSHTTP0000000001`;
      const call = () => fetch(url, { headers: signRequest({ ...creds, method: 'GET', url }) });
      expect((await call()).status).toBe(503);
      const res = await call();
      expect(res.status).toBe(200);
      const json = (await res.json()) as QueryOrderResponse;
      expect(json.orderInfo).toMatchObject({ orderId: 'CSHTTP0000000001', orderType: 'CHANGE' });
      expect(json.orderInfo?.orderLine[0]?.productInfo[0]).toMatchObject({ skuCode: 'SKU-X', linearValue: 99 });

      const calls = await fetch(`${server.url}/emulator/calls?api=orderQuery`).then((r) => r.json());
      expect(calls.calls.map((c: { status: number }) => c.status)).toEqual([503, 200]);

      const big = await fetch(`${server.url}/emulator/orders`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
      expect(big.status).toBe(413);
    } finally {
      await server.close();
    }
  });
});

describe('call log', () => {
  it('keeps at most maxCalls calls, dropping the oldest', async () => {
    const state = createEmulatorState({ maxCalls: 3 });
    for (let i = 0; i < 5; i++) await handleOpenApi({ method: 'GET', url: `/emulator/health?i=${i}`, headers: {}, body: '' }, state);
    expect(state.calls.map((c) => c.query.i)).toEqual(['2', '3', '4']);
  });
});
