import { withTransaction } from '../../db/client';
import { decide, type InstanceStatus } from '../../instances/transitions';
import { enqueue, QUEUES } from '../../jobs/queue';
import { notFound, result, success, type ProduceResult } from '../resultCodes';
import type { RefreshInstanceRequest } from '../schemas';
import { parseMarketplaceTime } from '../time';
import type { ActivityContext } from './context';
import { lockInstance } from './lockInstance';
import { refuseTestCallOnRealInstance } from './testFlag';

/**
 * spec §3.5 refreshInstance (trial to formal, renewal, refund of a renewal period, renewal with change).
 * Applied once per (instance, order, line, scene) thanks to instance_order's unique key; the expiry is set, never
 * added to (spec §7.3). The order's details are fetched and the provisioner told in a job.
 */
// SQL: produce hot path, measured; ON CONFLICT idempotency and the job enqueued in the same pg transaction
export async function refreshInstance(req: RefreshInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  const expireTime = parseMarketplaceTime(req.expireTime)!;
  return withTransaction(ctx.pool, async (client) => {
    const instance = await lockInstance(client, req.instanceId);
    if (!instance) return notFound(`instance ${req.instanceId} not found`);
    const refusal = refuseTestCallOnRealInstance(req, instance);
    if (refusal) return refusal;
    const d = decide(instance.status as InstanceStatus, 'RENEW');
    if (d.kind === 'refuse') return result(d.code, `instance ${req.instanceId} ${d.reason}`);
    const applied = await client.query(
      `INSERT INTO instance_order (instance_id, order_id, order_line_id, kind, expire_time, product_id, call_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [req.instanceId, req.orderId, req.orderLineId, req.scene, expireTime, req.productId ?? null, ctx.callId ?? null],
    );
    if (applied.rowCount === 1) {
      await client.query(
        `UPDATE instance SET expire_time = $2, product_id = COALESCE($3, product_id), updated_at = now() WHERE id = $1`,
        [req.instanceId, expireTime, req.productId ?? null],
      );
      await enqueue(
        client,
        ctx.boss,
        QUEUES.applyOrder,
        { instanceId: req.instanceId, orderId: req.orderId, orderLineId: req.orderLineId, kind: req.scene },
        { instanceId: req.instanceId, callId: ctx.callId },
      );
    }
    return success();
  });
}
