import { describe, expect, it } from 'vitest';
import { createOrderStore } from '../../../emulator/orders';
import { EXTRA_MOCK_ORDER_IDS, makeOrder, MOCK_ORDER_IDS } from '../../../lib/marketplace/mockOrders';
import { addUtc, basicIso, parseBasicIso, utc14, utc17 } from '../../../lib/marketplace/time';

const now = new Date('2024-01-31T12:34:56.789Z');

describe('orders', () => {
  it('makeOrder has sensible defaults for a yearly NEW order', () => {
    const o = makeOrder({ now });
    expect(o.orderId).toMatch(/^CS2401311234[A-Z0-9]{5}$/);
    expect(o).toMatchObject({ orderType: 'NEW', createTime: '20240131123456' });
    expect(o.orderLine[0]).toMatchObject({ orderLineId: `${o.orderId}-000001`, chargingMode: 'PERIOD', periodType: 'year', periodNumber: 1, expireTime: '20250131123456' });
    expect(o.orderLine[0]!.productInfo[0]).toMatchObject({ productId: expect.any(String), skuCode: expect.any(String) });
    expect(o.buyerInfo?.customerId).toBeTruthy();
  });

  it('makeOrder: month periods clamp, non-period orders have no expiry', () => {
    expect(makeOrder({ now, periodType: 'month' }).orderLine[0]!.expireTime).toBe('20240229123456');
    const od = makeOrder({ now, chargingMode: 'ON_DEMAND' }).orderLine[0]!;
    expect(od.expireTime).toBeUndefined();
    expect(od.periodType).toBeUndefined();
  });

  it('store: preloaded mocks, line filter, copies', () => {
    const store = createOrderStore({ now });
    expect(store.listOrders().map((o) => o.orderId).sort()).toEqual([...MOCK_ORDER_IDS, ...EXTRA_MOCK_ORDER_IDS].sort());
    expect(store.getOrder('MOCKONDEMAND', 'MOCKONDEMAND-000002')).toBeUndefined();
    expect(store.getOrder('missing')).toBeUndefined();
    const got = store.getOrder('MOCKONDEMAND')!;
    got.orderType = 'CHANGE';
    expect(store.getOrder('MOCKONDEMAND')!.orderType).toBe('NEW');
    const o = makeOrder({ orderId: 'X1', now });
    store.putOrder(o);
    o.orderType = 'RENEW';
    expect(store.getOrder('X1', 'X1-000001')!.orderType).toBe('NEW');
    expect(createOrderStore({ preloadMocks: false }).listOrders()).toEqual([]);
  });

  it('time formats', () => {
    expect(utc14(now)).toBe('20240131123456');
    expect(utc17(now)).toBe('20240131123456789');
    expect(basicIso(now)).toBe('20240131T123456Z');
    expect(parseBasicIso('20240131T123456Z')?.toISOString()).toBe('2024-01-31T12:34:56.000Z');
    expect(parseBasicIso('20240231T123456Z')).toBeUndefined();
    expect(utc14(addUtc(now, { years: 1, days: 1 }))).toBe('20250201123456');
  });
});
