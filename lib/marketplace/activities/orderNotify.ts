import { withTransaction } from '../../db/client';
import { enqueue, QUEUES } from '../../jobs/queue';
import { success, type ProduceResult } from '../resultCodes';
import type { OrderNotifyRequest } from '../schemas';
import type { ActivityContext } from './context';

/**
 * spec §3.10 orderNotify (general interface): the order is fetched and stored by a job; storing is an upsert, so a
 * repeated notification only fetches the order again.
 */
// SQL: produce hot path, measured; the job enqueued in the same pg transaction
export async function orderNotify(req: OrderNotifyRequest, ctx: ActivityContext): Promise<ProduceResult> {
  await withTransaction(ctx.pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM instance WHERE order_id = $1 AND order_line_id = $2',
      [req.orderId, req.orderLineId],
    );
    await enqueue(
      client,
      ctx.boss,
      QUEUES.applyOrder,
      { instanceId: rows[0]?.id ?? null, orderId: req.orderId, orderLineId: req.orderLineId, kind: 'NOTIFY' },
      { instanceId: rows[0]?.id, callId: ctx.callId },
    );
  });
  return success();
}
