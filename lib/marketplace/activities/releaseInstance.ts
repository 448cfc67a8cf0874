import { withTransaction } from '../../db/client';
import { applyStatusChange } from '../../instances/lifecycle';
import { notFound, success, type ProduceResult } from '../resultCodes';
import type { ReleaseInstanceRequest } from '../schemas';
import type { ActivityContext } from './context';

/**
 * spec §3.7 releaseInstance: the instance is released once; releasing it again answers success (spec §7.3).
 * The unsubscribe order, when given, is kept in the instance's order history.
 */
// SQL: produce hot path, measured; in the pg transaction that holds the instance's lock
export async function releaseInstance(req: ReleaseInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (client) => {
    const change = await applyStatusChange(client, ctx.boss, req.instanceId, 'RELEASE', { callId: ctx.callId, testFlag: req.testFlag });
    if (change.kind === 'notFound') return notFound(`instance ${req.instanceId} not found`);
    if (change.kind === 'testOnReal') return change.refusal;
    if (change.kind !== 'applied') return success();
    if (req.orderId) {
      await client.query(
        `INSERT INTO instance_order (instance_id, order_id, order_line_id, kind, call_id) VALUES ($1, $2, $3, 'UNSUBSCRIBE', $4)
         ON CONFLICT DO NOTHING`,
        [req.instanceId, req.orderId, req.orderLineId ?? req.orderId, ctx.callId ?? null],
      );
    }
    return success();
  });
}
