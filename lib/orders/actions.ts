import type { Queryable } from '../db/client';
import { parseMarketplaceTime } from '../marketplace/time';
import type { OrderInfo } from '../openapi/types';

/** Where an order came from: fetched with Query Order (spec §3.11), or delivered inline by a V1 call (spec §4.4). */
export type OrderSource = 'query_order' | 'v1';

/**
 * Stores an order fetched with Query Order (spec §3.11), or delivered inline by a V1 call (`source` v1): buyer, order,
 * lines and products, as upserts so that fetching the same order again changes nothing but the fetch time.
 */
// SQL: ON CONFLICT … DO UPDATE upserts, so that two jobs storing one order at once cannot collide on its keys
export async function storeOrder(db: Queryable, order: OrderInfo, source: OrderSource = 'query_order'): Promise<void> {
  const buyer = order.buyerInfo;
  if (buyer?.customerId) {
    await db.query(
      `INSERT INTO customer (customer_id, customer_name, user_id, user_name, email, mobile_phone, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (customer_id) DO UPDATE SET customer_name = EXCLUDED.customer_name, user_id = EXCLUDED.user_id,
         user_name = EXCLUDED.user_name, email = EXCLUDED.email, mobile_phone = EXCLUDED.mobile_phone, updated_at = now()`,
      [buyer.customerId, buyer.customerName ?? null, buyer.userId ?? null, buyer.userName ?? null, buyer.email ?? null, buyer.mobilePhone ?? null],
    );
  }
  await db.query(
    `INSERT INTO "order" (order_id, order_type, create_time, customer_id, extend_params, raw, source, fetched_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (order_id) DO UPDATE SET order_type = EXCLUDED.order_type, create_time = EXCLUDED.create_time,
       customer_id = EXCLUDED.customer_id, extend_params = EXCLUDED.extend_params, raw = EXCLUDED.raw, fetched_at = now()`,
    [
      order.orderId,
      order.orderType,
      order.createTime ? (parseMarketplaceTime(order.createTime) ?? null) : null,
      buyer?.customerId ?? null,
      order.extendParams ? JSON.stringify(order.extendParams) : null,
      JSON.stringify(order),
      source,
    ],
  );
  for (const line of order.orderLine ?? []) {
    const product = line.productInfo?.[0];
    await db.query(
      `INSERT INTO order_line (order_line_id, order_id, charging_mode, expire_time, period_type, period_number, currency,
         amount, product_id, sku_code, linear_value)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (order_line_id) DO UPDATE SET charging_mode = EXCLUDED.charging_mode, expire_time = EXCLUDED.expire_time,
         period_type = EXCLUDED.period_type, period_number = EXCLUDED.period_number, currency = EXCLUDED.currency,
         amount = EXCLUDED.amount, product_id = EXCLUDED.product_id, sku_code = EXCLUDED.sku_code,
         linear_value = EXCLUDED.linear_value`,
      [
        line.orderLineId,
        order.orderId,
        line.chargingMode,
        line.expireTime ? (parseMarketplaceTime(line.expireTime) ?? null) : null,
        line.periodType ?? null,
        line.periodNumber ?? null,
        line.currency ?? null,
        line.amount ?? null,
        product?.productId ?? null,
        product?.skuCode ?? null,
        product?.linearValue ?? null,
      ],
    );
    for (const p of line.productInfo ?? []) {
      if (!p.productId || !p.skuCode) continue;
      await db.query(
        `INSERT INTO product (product_id, sku_code, product_name, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (product_id, sku_code) DO UPDATE SET product_name = COALESCE(EXCLUDED.product_name, product.product_name), updated_at = now()`,
        [p.productId, p.skuCode, p.productName ?? null],
      );
    }
  }
}

/**
 * The order a V1 call delivered inline (spec §4.4-4.8), as stored: the jobs take it instead of calling Query Order,
 * which knows nothing of it on a V1 listing. Undefined for any other order.
 */
// SQL: one keyed read, beside the upsert that wrote it
export async function loadInlineOrder(db: Queryable, orderId: string): Promise<OrderInfo | undefined> {
  const { rows } = await db.query<{ raw: OrderInfo }>(`SELECT raw FROM "order" WHERE order_id = $1 AND source = 'v1'`, [orderId]);
  return rows[0]?.raw;
}
