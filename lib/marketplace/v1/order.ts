import { createHash } from 'node:crypto';
import type { ChargingMode, OrderInfo, OrderLine, OrderType, ProductInfo } from '../../openapi/types';
import { decryptCredential } from '../aes';
import { V1_CHARGING_MODES, type V1NewInstanceRequest } from './schemas';

/**
 * A V1 call carries its order inline (spec §4.4, §4.5, §4.8) where V2 sends ids and the seller fetches the order with
 * Query Order. The V1 adapters turn it into the OrderInfo that Query Order would have answered, stored in the same
 * tables (lib/orders/actions.ts storeOrder, source "v1") before the job that reads it is enqueued; the jobs take a
 * stored V1 order instead of calling Query Order (lib/jobs/handlers.ts orderOf). One order model, one provisioning path.
 */

/**
 * V1 orders have no order line; the instance model keys an instance by order and line. The line of a V1 order is
 * named as V2 names the first line of an order (`<orderId>-000001`, spec §3.3), so a V1 newInstance and a V2 one for
 * the same order give one instance whichever comes first. Pay-per-use is idempotent on order and product (spec §7.3):
 * one line per product, named by the product.
 */
export function v1OrderLineId(orderId: string, payPerUse?: { productId: string }): string {
  // order line ids are at most 64 characters (spec §3.3); an order id too long for the suffix is hashed in
  if (!payPerUse) return orderId.length <= 57 ? `${orderId}-000001` : `${orderId.slice(0, 47)}-${digest(orderId)}`;
  return `${orderId.slice(0, 47)}-${digest(`${orderId}\n${payPerUse.productId}`)}`;
}

function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

export function v1ChargingMode(code: keyof typeof V1_CHARGING_MODES | undefined, req: { expireTime?: string; periodType?: string }): ChargingMode {
  if (code) return V1_CHARGING_MODES[code];
  return req.expireTime || req.periodType ? 'PERIOD' : 'ONE_TIME';
}

/** spec §4.4: the linear attribute (数量, 硬盘大小 or 带宽) the order line carries */
export function linearValueOf(req: { amount?: number; diskSize?: number; bandWidth?: number }): number | undefined {
  return req.amount ?? req.diskSize ?? req.bandWidth;
}

/** spec §4.1 timeStamp (yyyyMMddHHmmssSSS) → the order's createTime (yyyyMMddHHmmss) */
function createTimeOf(timeStamp: string | undefined): string {
  return /^\d{14}/.test(timeStamp ?? '') ? timeStamp!.slice(0, 14) : '';
}

/**
 * spec §4.4, §5: mobilePhone / email arrive as iv + Base64(AES-CBC) with the V1 Key; the key size is not said
 * (§13.6), so AES-256 is tried, then AES-128. Undefined when neither gives printable text.
 */
export function decryptContact(key: string, value: string): string | undefined {
  for (const type of [1, 2] as const) {
    try {
      const plain = decryptCredential(key, value, type);
      if (plain !== '' && !/[\u0000-\u001f\ufffd]/.test(plain)) return plain;
    } catch {
      // the other key size, or not ours
    }
  }
  return undefined;
}

/** The order fields of a V1 newInstance or getLicense (spec §4.4, §4.12: getLicense's skuCode is optional). */
export type V1OrderFields = Omit<V1NewInstanceRequest, 'activity' | 'skuCode'> & { skuCode?: string };

/** The V1 newInstance's order as Query Order would describe it (spec §3.11), with the contact details decrypted. */
export function newInstanceOrder(
  req: V1OrderFields,
  opts: { timeStamp?: string; mobilePhone?: string; email?: string },
): OrderInfo {
  const chargingMode = v1ChargingMode(req.chargingMode, req);
  const product: ProductInfo = { productId: req.productId, skuCode: req.skuCode ?? '' };
  const linear = linearValueOf(req);
  if (linear !== undefined) product.linearValue = linear;
  const line: OrderLine = {
    orderLineId: v1OrderLineId(req.orderId, chargingMode === 'ON_DEMAND' ? { productId: req.productId } : undefined),
    chargingMode,
    productInfo: [product],
  };
  if (req.expireTime) line.expireTime = req.expireTime.slice(0, 14);
  if (req.periodType) line.periodType = req.periodType;
  if (req.periodNumber !== undefined) line.periodNumber = req.periodNumber;
  if (req.orderAmount !== undefined) line.amount = req.orderAmount;
  const orderType: OrderType = req.trialFlag === '1' ? 'TRIAL' : 'NEW';
  const buyerInfo: NonNullable<OrderInfo['buyerInfo']> = { customerId: req.customerId };
  if (req.customerName) buyerInfo.customerName = req.customerName;
  if (req.userId) buyerInfo.userId = req.userId;
  if (req.userName) buyerInfo.userName = req.userName;
  if (opts.mobilePhone) buyerInfo.mobilePhone = opts.mobilePhone;
  if (opts.email) buyerInfo.email = opts.email;
  const order: OrderInfo = { orderId: req.orderId, orderType, createTime: createTimeOf(opts.timeStamp), orderLine: [line], buyerInfo };
  if (req.saasExtendParams?.length) order.extendParams = req.saasExtendParams;
  return order;
}

/** A renewal or upgrade order of an existing instance (spec §4.5, §4.8): one line, the instance's product unless changed. */
export function changeOrder(input: {
  orderId: string;
  orderType: OrderType;
  timeStamp?: string;
  chargingMode: ChargingMode;
  product?: ProductInfo;
  expireTime?: string;
  periodType?: string;
  periodNumber?: number;
  orderAmount?: number;
  extendParams?: { name: string; value: string }[];
}): OrderInfo {
  const line: OrderLine = { orderLineId: v1OrderLineId(input.orderId), chargingMode: input.chargingMode, productInfo: input.product ? [input.product] : [] };
  if (input.expireTime) line.expireTime = input.expireTime.slice(0, 14);
  if (input.periodType) line.periodType = input.periodType;
  if (input.periodNumber !== undefined) line.periodNumber = input.periodNumber;
  if (input.orderAmount !== undefined) line.amount = input.orderAmount;
  const order: OrderInfo = { orderId: input.orderId, orderType: input.orderType, createTime: createTimeOf(input.timeStamp), orderLine: [line] };
  if (input.extendParams?.length) order.extendParams = input.extendParams;
  return order;
}
