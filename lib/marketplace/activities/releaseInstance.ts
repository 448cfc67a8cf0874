import { withTransaction } from '../../db/client';
import { decide, type InstanceStatus } from '../../instances/transitions';
import { enqueue, QUEUES } from '../../jobs/queue';
import { notFound, success, type ProduceResult } from '../resultCodes';
import type { ReleaseInstanceRequest } from '../schemas';
import type { ActivityContext } from './context';
import { lockInstance } from './lockInstance';

/**
 * spec §3.7 releaseInstance: the instance is released once; releasing it again answers success (spec §7.3).
 * The unsubscribe order, when given, is kept in the instance's order history.
 */
export async function releaseInstance(req: ReleaseInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (client) => {
    const instance = await lockInstance(client, req.instanceId);
    if (!instance) return notFound(`instance ${req.instanceId} not found`);
    if (decide(instance.status as InstanceStatus, 'RELEASE').kind === 'noop') return success();
    await client.query(
      `UPDATE instance SET status = 'released', released_at = now(), updated_at = now() WHERE id = $1`,
      [req.instanceId],
    );
    if (req.orderId) {
      await client.query(
        `INSERT INTO instance_order (instance_id, order_id, order_line_id, kind, call_id) VALUES ($1, $2, $3, 'UNSUBSCRIBE', $4)
         ON CONFLICT DO NOTHING`,
        [req.instanceId, req.orderId, req.orderLineId ?? req.orderId, ctx.callId ?? null],
      );
    }
    await enqueue(client, ctx.boss, QUEUES.lifecycle, { instanceId: req.instanceId, event: 'release' }, { instanceId: req.instanceId, callId: ctx.callId });
    return success();
  });
}
