import type { Queryable } from '../db/client';
import type { InstanceSnapshot } from '../provisioning/types';

export async function loadInstance(db: Queryable, instanceId: string): Promise<InstanceSnapshot | undefined> {
  const { rows } = await db.query<InstanceSnapshot>(
    `SELECT id AS "instanceId", order_id AS "orderId", order_line_id AS "orderLineId", status::text AS status,
            test_flag AS "testFlag", product_id AS "productId", sku_code AS "skuCode", linear_value AS "linearValue",
            charging_mode AS "chargingMode", expire_time AS "expireTime", customer_id AS "customerId"
       FROM instance WHERE id = $1`,
    [instanceId],
  );
  return rows[0];
}
