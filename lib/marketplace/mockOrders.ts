import { randomBytes } from 'node:crypto';
import type { BuyerInfo, ChargingMode, ExtendParam, OrderInfo, OrderType } from '../openapi/types';
import { addUtc, utc14 } from './time';

/**
 * Orders as Query Order returns them (spec §3.11): the documented debug mock orders and a builder for fresh ones. The
 * emulator's order store is preloaded with the mocks; the console's debugger prefills its forms from them; the
 * lifecycle player registers fresh ones. The digest abridges the OrderLine/BuyerInfo tables, so the mock values below
 * are plausible, not Huawei's.
 */

export const MOCK_ORDER_IDS = [
  'MOCKPERIODYEARNEW',
  'MOCKONETIMENEW',
  'MOCKONDEMAND',
  'MOCKONDEMANDPKG',
  'MOCKPERIODDAYTRIAL',
  'MOCKMONTYTRIALTOFORMAL',
  'MOCKMONTYUNSUBSCRIBE',
  'MOCKMONTYRENEW',
  'MOCKMONTYCHANGE',
] as const;
export type MockOrderId = (typeof MOCK_ORDER_IDS)[number];

export const DEFAULT_BUYER: BuyerInfo = {
  customerId: '68cbc86abc2018ab880d92f36422fa0e',
  customerName: 'mock_customer',
  userName: 'mock_user',
  email: 'mock.buyer@example.com',
  mobilePhone: '13800000000',
};

export const DEFAULT_PRODUCT_ID = 'OFFI000000000000000001';
export const DEFAULT_SKU_CODE = 'MOCK-SKU-BASIC';
export const UPGRADED_SKU_CODE = 'MOCK-SKU-PRO';
export const PACKAGE_SKU_CODE = 'MOCK-SKU-PKG';
export const STOP_PACKAGE_SKU_CODE = 'MOCK-SKU-PKG-STOP';

/** Orders the emulator holds beside the spec's mock orders (not the marketplace's; the debugger does not offer them). */
export const EXTRA_MOCK_ORDER_IDS = ['MOCKONDEMANDPKGSTOP'] as const;

export interface MakeOrderInput {
  /** default: a fresh `CS<yyMMddHHmm><5 random>` id like the marketplace's (spec §3.3 example) */
  orderId?: string;
  /** default `<orderId>-000001` */
  orderLineId?: string;
  orderType?: OrderType;
  chargingMode?: ChargingMode;
  productId?: string;
  skuCode?: string;
  productName?: string;
  linearValue?: number;
  /** PERIOD only; default year */
  periodType?: 'year' | 'month' | 'day' | 'hour';
  periodNumber?: number;
  /** UTC yyyyMMddHHmmss; default for PERIOD: now + period; none otherwise */
  expireTime?: string;
  createTime?: string;
  amount?: number;
  currency?: string;
  buyerInfo?: BuyerInfo;
  extendParams?: ExtendParam[];
  now?: Date;
}

/** A fresh marketplace-looking order id, e.g. `CS2611251503K7QZD`. */
export function newOrderId(now: Date = new Date()): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  const tail = Array.from(randomBytes(5), (b) => alphabet[b % alphabet.length]).join('');
  return `CS${utc14(now).slice(2, 12)}${tail}`;
}

/** Builds one order with one line; every field has a sensible default. */
export function makeOrder(input: MakeOrderInput = {}): OrderInfo {
  const now = input.now ?? new Date();
  const orderId = input.orderId ?? newOrderId(now);
  const chargingMode = input.chargingMode ?? 'PERIOD';
  const isPeriod = chargingMode === 'PERIOD';
  const periodType = isPeriod ? (input.periodType ?? 'year') : input.periodType;
  const periodNumber = isPeriod ? (input.periodNumber ?? 1) : input.periodNumber;
  let expireTime = input.expireTime;
  if (expireTime === undefined && isPeriod && periodType && periodNumber) {
    const n = periodNumber;
    const delta =
      periodType === 'year'
        ? { years: n }
        : periodType === 'month'
          ? { months: n }
          : periodType === 'day'
            ? { days: n }
            : { ms: n * 3_600_000 };
    expireTime = utc14(addUtc(now, delta));
  }
  const paid = input.orderType !== 'TRIAL' && input.orderType !== 'UNSUBSCRIBE' && chargingMode !== 'ON_DEMAND';
  return {
    orderId,
    orderType: input.orderType ?? 'NEW',
    createTime: input.createTime ?? utc14(now),
    orderLine: [
      {
        orderLineId: input.orderLineId ?? `${orderId}-000001`,
        chargingMode,
        ...(expireTime !== undefined ? { expireTime } : {}),
        ...(periodType !== undefined ? { periodType } : {}),
        ...(periodNumber !== undefined ? { periodNumber } : {}),
        currency: input.currency ?? 'CNY',
        ...(input.amount !== undefined ? { amount: input.amount } : paid ? { amount: 100 } : {}),
        productInfo: [
          {
            productId: input.productId ?? DEFAULT_PRODUCT_ID,
            skuCode: input.skuCode ?? DEFAULT_SKU_CODE,
            productName: input.productName ?? 'Emulator SaaS product',
            ...(input.linearValue !== undefined ? { linearValue: input.linearValue } : {}),
          },
        ],
      },
    ],
    buyerInfo: input.buyerInfo ?? DEFAULT_BUYER,
    ...(input.extendParams ? { extendParams: input.extendParams } : {}),
  };
}

/** The nine debug mock orders of spec §3.11, each with the single line `<id>-000001`. */
export function mockOrders(now: Date = new Date()): OrderInfo[] {
  const month = { chargingMode: 'PERIOD' as const, periodType: 'month' as const, periodNumber: 1 };
  const base = { now, linearValue: 10 };
  return [
    makeOrder({ ...base, orderId: 'MOCKPERIODYEARNEW', orderType: 'NEW', chargingMode: 'PERIOD', periodType: 'year', periodNumber: 1 }),
    makeOrder({ ...base, orderId: 'MOCKONETIMENEW', orderType: 'NEW', chargingMode: 'ONE_TIME', productId: 'OFFI000000000000000004' }),
    makeOrder({ ...base, orderId: 'MOCKONDEMAND', orderType: 'NEW', chargingMode: 'ON_DEMAND', productId: 'OFFI000000000000000005', linearValue: undefined }),
    // a package of 100 units for a year (its quota per billing item is the seller's to set: Usage → Packages)
    makeOrder({ ...base, orderId: 'MOCKONDEMANDPKG', orderType: 'NEW', chargingMode: 'ON_DEMAND_PKG', productId: 'OFFI000000000000000006', skuCode: PACKAGE_SKU_CODE, linearValue: 100, expireTime: utc14(addUtc(now, { years: 1 })) }),
    makeOrder({ ...base, orderId: 'MOCKPERIODDAYTRIAL', orderType: 'TRIAL', chargingMode: 'PERIOD', periodType: 'day', periodNumber: 1, productId: 'OFFI000000000000000003' }),
    makeOrder({ ...base, ...month, orderId: 'MOCKMONTYTRIALTOFORMAL', orderType: 'TRIAL_TO_FORMAL', productId: 'OFFI000000000000000002' }),
    // an unsubscribe ends the subscription now
    makeOrder({ ...base, ...month, orderId: 'MOCKMONTYUNSUBSCRIBE', orderType: 'UNSUBSCRIBE', productId: 'OFFI000000000000000002', expireTime: utc14(now) }),
    // a renewal extends an existing month: the new expiry is two months out
    makeOrder({ ...base, ...month, orderId: 'MOCKMONTYRENEW', orderType: 'RENEW', productId: 'OFFI000000000000000002', expireTime: utc14(addUtc(now, { months: 2 })) }),
    makeOrder({ ...base, ...month, orderId: 'MOCKMONTYCHANGE', orderType: 'CHANGE', productId: 'OFFI000000000000000002', skuCode: UPGRADED_SKU_CODE, linearValue: 50 }),
  ];
}

/**
 * The emulator's extra orders: MOCKONDEMANDPKGSTOP, a use-up-then-stop (用完即停) package of 50 units for a month, of
 * the same buyer as the mock orders, so its quota covers their pay-per-use instance once the seller marks its SKU
 * (MOCK-SKU-PKG-STOP) as 用完即停 with a quota (spec §8.3).
 */
export function extraMockOrders(now: Date = new Date()): OrderInfo[] {
  return [
    makeOrder({
      now,
      orderId: 'MOCKONDEMANDPKGSTOP',
      orderType: 'NEW',
      chargingMode: 'ON_DEMAND_PKG',
      productId: 'OFFI000000000000000006',
      skuCode: STOP_PACKAGE_SKU_CODE,
      productName: 'Emulator SaaS product: use-up-then-stop package',
      linearValue: 50,
      expireTime: utc14(addUtc(now, { months: 1 })),
      amount: 50,
    }),
  ];
}

/**
 * The fields of a V1 purchase (spec §4.4, the order inline): a year's subscription of 10 users of the mock product, as
 * the V1 players send it and the debugger's V1 forms start from (its businessId a placeholder there).
 */
export function v1PurchaseParams(orderId: string, now: Date, businessId: string): Record<string, string> {
  return {
    customerId: '68cbc86abc2018ab880d92f36422fa0e',
    customerName: 'V1 debug buyer',
    businessId,
    orderId,
    skuCode: 'MOCK-SKU-BASIC',
    productId: 'OFFI000000000000000001',
    chargingMode: '1',
    periodType: 'year',
    periodNumber: '1',
    expireTime: utc14(addUtc(now, { years: 1 })),
    amount: '10',
  };
}
