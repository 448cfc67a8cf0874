import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { enqueue, QUEUES } from '../jobs/queue';
import type { Provisioner } from '../provisioning/types';
import type { CodeChange, LicenceEventType } from './transitions';

/**
 * Licence-code events to the seller's SaaS (issue 10): each lifecycle change the marketplace made to a code
 * (refreshLicenseCode, updateLicenseCodeStatus, releaseLicenseCode, spec §9.1) is a licence_code_change row, written
 * in the change's own transaction together with a `licence-events` job for the code. The job delivers the code's
 * undelivered changes in order through the provisioner (the webhook provisioner sends `licence.renewed|frozen|
 * unfrozen|released`), one job per code at a time (the queue's singleton policy on the code), stopping at the first
 * failure, which pg-boss retries with backoff: the kit events' path (lib/kit/events.ts), per code instead of tenant.
 */

export interface CodeChangeRow {
  kind: CodeChange | 'RENEWAL' | 'UNSUBSCRIBE_RENEWAL_PERIOD';
  /** unique per code with the code id: a repeat inserts nothing */
  dedupeKey: string | null;
  orderId?: string | null;
  orderLineId?: string | null;
  expireTime?: Date | null;
  /** the code's status once the change is applied */
  status: string;
  event: LicenceEventType;
  callId?: bigint | null;
}

/** The key that keeps one delivery job per code running at a time. */
export const codeKey = (codeId: string) => `licence-code:${codeId}`;

/**
 * Records a change and enqueues its delivery, in the caller's transaction. Resolves false (and writes nothing) when a
 * change with the same dedupe key was applied before: the caller then changes nothing either.
 */
// SQL: ON CONFLICT (code_id, dedupe_key) idempotency, in the caller's pg transaction
export async function recordCodeChange(tx: pg.PoolClient, boss: PgBoss, codeId: string, c: CodeChangeRow): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO licence_code_change (code_id, kind, dedupe_key, order_id, order_line_id, expire_time, status, event, call_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code_id, dedupe_key) DO NOTHING`,
    [codeId, c.kind, c.dedupeKey, c.orderId ?? null, c.orderLineId ?? null, c.expireTime ?? null, c.status, c.event, c.callId ?? null],
  );
  if (rowCount !== 1) return false;
  await enqueue(tx, boss, QUEUES.licenceEvents, { codeId }, { callId: c.callId, singletonKey: codeKey(codeId) });
  return true;
}

/** A licence-code event as the seller's SaaS receives it. */
export interface LicenceCodeEvent {
  /** the change row's id: stable across retries (the webhook-id) */
  id: string;
  type: LicenceEventType;
  testFlag: boolean;
  data: {
    license: string;
    /** the change: RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD, FREEZE, UNFREEZE, RELEASE */
    change: string;
    /** the code's status once the change was applied */
    status: string;
    expireTime: string | null;
    productId: string | null;
    orderId: string | null;
    orderLineId: string | null;
    changedAt: string;
  };
}

/** Delivers the code's pending events in order; throws at the first failure (the job is retried, that event first). */
export async function deliverCodeEvents(jobId: string, data: { codeId: string }, deps: { pool: pg.Pool; provisioner: Provisioner }): Promise<'done' | 'skipped'> {
  let delivered = 0;
  for (;;) {
    const { rows } = await deps.pool.query<{
      id: string; kind: string; event: LicenceEventType; order_id: string | null; order_line_id: string | null; expire_time: Date | null; created_at: Date;
      code: string; status: string; product_id: string | null; code_order_id: string | null; code_expire: Date | null; test_flag: boolean;
    }>(
      `SELECT ch.id::text, ch.kind, ch.event, ch.order_id, ch.order_line_id, ch.expire_time, ch.created_at, ch.status,
              c.code, c.product_id, c.order_id AS code_order_id, c.expire_time AS code_expire, c.test_flag
         FROM licence_code_change ch JOIN licence_code c ON c.id = ch.code_id
        WHERE ch.code_id = $1 AND ch.delivered_at IS NULL
        ORDER BY ch.id LIMIT 100`,
      [data.codeId],
    );
    if (rows.length === 0) return delivered ? 'done' : 'skipped';
    for (const r of rows) {
      await deps.provisioner.onLicenceEvent(
        {
          id: r.id,
          type: r.event,
          testFlag: r.test_flag,
          data: {
            license: r.code,
            change: r.kind,
            status: r.status,
            expireTime: (r.expire_time ?? r.code_expire)?.toISOString() ?? null,
            productId: r.product_id,
            orderId: r.order_id ?? r.code_order_id,
            orderLineId: r.order_line_id,
            changedAt: r.created_at.toISOString(),
          },
        },
        { db: deps.pool, jobId },
      );
      await deps.pool.query(`UPDATE licence_code_change SET delivered_at = now() WHERE id = $1`, [r.id]);
      delivered++;
    }
  }
}
