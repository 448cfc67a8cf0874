import { randomUUID } from 'node:crypto';
import { withTransaction } from '../../db/client';
import { restartProvisioning } from '../../instances/lifecycle';
import { enqueue, JOB_ROW_COLUMNS, QUEUES } from '../../jobs/queue';
import { processing, success, type ProduceResult } from '../resultCodes';
import type { NewInstanceRequest } from '../schemas';
import type { ActivityContext } from './context';
import { refuseTestCallOnRealInstance } from './testFlag';

/**
 * spec §3.3 newInstance. The instance row is the idempotency record: the unique (order_id, order_line_id) makes
 * retries and concurrent duplicates, in any number of processes, produce one instance, whose id is the businessId
 * of the first call (spec §7.3). Provisioning runs in a job enqueued in the same transaction; the answer is
 * 000004 until the instance is ready, then 000000.
 */
// SQL: produce hot path, measured; ON CONFLICT idempotency and the job enqueued in the same pg transaction
export async function newInstance(req: NewInstanceRequest, ctx: ActivityContext): Promise<ProduceResult> {
  return withTransaction(ctx.pool, async (client) => {
    for (const candidateId of [req.businessId, randomUUID()]) {
      // The instance, its first history row and the provisioning job's row in one statement: the transaction holds
      // the database for as few round trips as possible on this hot path.
      const jobId = randomUUID();
      const jobData = { instanceId: candidateId };
      const inserted = await client.query<{ id: string }>({
        name: 'newInstance.insert',
        text: `WITH created AS (
                 INSERT INTO instance (id, order_id, order_line_id, status, test_flag) VALUES ($1, $2, $3, 'provisioning', $4)
                 ON CONFLICT DO NOTHING RETURNING id
               ), history AS (
                 INSERT INTO instance_order (instance_id, order_id, order_line_id, kind, call_id)
                 SELECT id, $2, $3, 'NEW', $5 FROM created
               ), job_row AS (
                 INSERT INTO ${JOB_ROW_COLUMNS} SELECT $6, '${QUEUES.provision}', id, $5, 'created', $7 FROM created
               )
               SELECT id FROM created`,
        values: [candidateId, req.orderId, req.orderLineId, req.testFlag, ctx.callId ?? null, jobId, jobData],
      });
      if (inserted.rowCount === 1) {
        await enqueue(client, ctx.boss, QUEUES.provision, jobData, { instanceId: candidateId, callId: ctx.callId, recordedId: jobId });
        return processing({ instanceId: candidateId });
      }
      // The order line already has an instance (a retry or a concurrent duplicate): lock it and answer for it.
      const existing = await client.query<{ id: string; status: string; test_flag: boolean }>(
        'SELECT id, status, test_flag FROM instance WHERE order_id = $1 AND order_line_id = $2 FOR UPDATE',
        [req.orderId, req.orderLineId],
      );
      const row = existing.rows[0];
      if (!row) continue; // the businessId is already another order's instance id: take a fresh id
      const refusal = refuseTestCallOnRealInstance(req, row);
      if (refusal) return refusal;
      if (row.status === 'failed') {
        // A marketplace retry after provisioning gave up: try again (the order is refunded only when we never succeed).
        await restartProvisioning(client, ctx.boss, row.id, { callId: ctx.callId });
        return processing({ instanceId: row.id });
      }
      return row.status === 'provisioning' ? processing({ instanceId: row.id }) : success({ instanceId: row.id });
    }
    throw new Error('could not allocate an instance id');
  });
}
