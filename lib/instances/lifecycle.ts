import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { enqueue, QUEUES } from '../jobs/queue';
import { lockInstance } from '../marketplace/activities/lockInstance';
import { refuseTestCallOnRealInstance } from '../marketplace/activities/testFlag';
import type { ProduceResult } from '../marketplace/resultCodes';
import { decide, type InstanceStatus } from './transitions';

/**
 * Applies FREEZE, UNFREEZE or RELEASE to an instance inside the caller's transaction, the one way both the
 * marketplace (spec §3.6, §3.7) and the console do it: lock the row, ask `decide`, update the status, and enqueue
 * the provisioner's lifecycle event in the same transaction (house style 5). Only the call that made the transition
 * enqueues the event, so duplicates and races tell the provisioner once.
 */
export type StatusChange =
  | { kind: 'notFound' }
  /** a debugging call (testFlag = 1) aimed at a real instance: nothing done */
  | { kind: 'testOnReal'; refusal: ProduceResult }
  | { kind: 'refuse'; from: InstanceStatus; code: '000003' | '000005'; reason: string }
  | { kind: 'noop'; from: InstanceStatus }
  | { kind: 'applied'; from: InstanceStatus; to: InstanceStatus; jobId: string };

// SQL: in the caller's pg transaction, which holds the instance's lock and enqueues the job
export async function applyStatusChange(
  client: pg.PoolClient,
  boss: PgBoss,
  instanceId: string,
  action: 'FREEZE' | 'UNFREEZE' | 'RELEASE',
  meta: { callId?: bigint | null; testFlag?: boolean } = {},
): Promise<StatusChange> {
  const instance = await lockInstance(client, instanceId);
  if (!instance) return { kind: 'notFound' };
  const refusal = refuseTestCallOnRealInstance({ testFlag: meta.testFlag ?? false }, instance);
  if (refusal) return { kind: 'testOnReal', refusal };
  const from = instance.status as InstanceStatus;
  const d = decide(from, action);
  if (d.kind === 'refuse') return { kind: 'refuse', from, code: d.code, reason: d.reason };
  if (d.kind !== 'apply') return { kind: 'noop', from };
  await client.query(
    `UPDATE instance SET status = $2::text::"InstanceStatus",
            released_at = CASE WHEN $2::text = 'released' THEN now() ELSE released_at END, updated_at = now()
      WHERE id = $1`,
    [instanceId, d.to],
  );
  const jobId = await enqueue(client, boss, QUEUES.lifecycle, { instanceId, event: d.event }, { instanceId, callId: meta.callId });
  return { kind: 'applied', from, to: d.to, jobId };
}

/**
 * A failed instance back to provisioning, with a fresh provision job in the caller's transaction: a marketplace retry
 * of newInstance (spec §3.3) and the console's "retry provisioning" do the same. The caller holds the row lock.
 */
// SQL: in the caller's pg transaction, with the job it enqueues
export async function restartProvisioning(
  client: pg.PoolClient,
  boss: PgBoss,
  instanceId: string,
  meta: { callId?: bigint | string | null; extra?: Record<string, unknown>; rerunOf?: string } = {},
): Promise<string> {
  await client.query(`UPDATE instance SET status = 'provisioning', failure_reason = NULL, updated_at = now() WHERE id = $1`, [instanceId]);
  return enqueue(client, boss, QUEUES.provision, { ...meta.extra, instanceId }, { instanceId, callId: meta.callId, rerunOf: meta.rerunOf });
}
