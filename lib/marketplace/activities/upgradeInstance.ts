import { withTransaction } from '../../db/client';
import { decide, type InstanceStatus } from '../../instances/transitions';
import { enqueue, QUEUES } from '../../jobs/queue';
import { notFound, result, success, type ProduceResult } from '../resultCodes';
import type { UpgradeInstanceRequest } from '../schemas';
import type { ActivityContext } from './context';
import { lockInstance } from './lockInstance';
import { refuseTestCallOnRealInstance } from './testFlag';

/**
 * spec §3.8 upgradeInstance: the upgrade order is recorded once (instance_order's unique key, spec §7.3); its new
 * SKU and linear values are fetched with Query Order and applied in a job, which also tells the provisioner.
 */
// SQL: produce hot path, measured; ON CONFLICT idempotency and the job enqueued in the same pg transaction
export async function upgradeInstance(req: UpgradeInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (client) => {
    const instance = await lockInstance(client, req.instanceId);
    if (!instance) return notFound(`instance ${req.instanceId} not found`);
    const refusal = refuseTestCallOnRealInstance(req, instance);
    if (refusal) return refusal;
    const d = decide(instance.status as InstanceStatus, 'UPGRADE');
    if (d.kind === 'refuse') return result(d.code, `instance ${req.instanceId} ${d.reason}`);
    const applied = await client.query(
      `INSERT INTO instance_order (instance_id, order_id, order_line_id, kind, call_id) VALUES ($1, $2, $3, 'UPGRADE', $4)
       ON CONFLICT DO NOTHING RETURNING id`,
      [req.instanceId, req.orderId, req.orderLineId, ctx.callId ?? null],
    );
    if (applied.rowCount === 1) {
      await enqueue(
        client,
        ctx.boss,
        QUEUES.applyOrder,
        { instanceId: req.instanceId, orderId: req.orderId, orderLineId: req.orderLineId, kind: 'UPGRADE' },
        { instanceId: req.instanceId, callId: ctx.callId },
      );
    }
    return success();
  });
}
