import { parseMarketplaceTime } from '../marketplace/time';
import type { OrderInfo, OrderLine } from '../openapi/types';

/** What an order fetched with Query Order (spec §3.11) says about its lines: pure rules, no database. */

/** The line of the order this call is about (the first one when the marketplace did not say). */
export function lineOf(order: OrderInfo, orderLineId?: string): OrderLine | undefined {
  return order.orderLine?.find((l) => l.orderLineId === orderLineId) ?? (orderLineId ? undefined : order.orderLine?.[0]);
}

/** What an order line says the instance now is: product, SKU, linear value, charging mode, expiry. */
export function instanceFieldsFromLine(order: OrderInfo, line: OrderLine) {
  const product = line.productInfo?.[0];
  return {
    productId: product?.productId ?? null,
    skuCode: product?.skuCode ?? null,
    linearValue: product?.linearValue ?? null,
    chargingMode: line.chargingMode ?? null,
    expireTime: line.expireTime ? (parseMarketplaceTime(line.expireTime) ?? null) : null,
    customerId: order.buyerInfo?.customerId ?? null,
  };
}
