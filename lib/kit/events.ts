import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Queryable } from '../db/client';
import { enqueue, QUEUES } from '../jobs/queue';

/**
 * Directory events to the seller's SaaS (issue 9). Every kit change that changed the directory writes its events into
 * the outbox `kit_event` in the change's own transaction, numbered per instance and tenant by `kit_event_counter`
 * (whose row lock also orders a tenant's concurrent changes: sequence order is commit order), and enqueues a
 * `kit-events` job for the tenant in that transaction too. The job (lib/jobs/handlers.ts runKitEvents) delivers the
 * tenant's pending events in sequence through the provisioner, one job per tenant at a time (pg-boss `singleton`
 * policy on the tenant's key), stopping at the first failure, which pg-boss retries with backoff.
 */

export const DIRECTORY_EVENT_TYPES = [
  'tenant.created',
  'tenant.updated',
  'tenant.deleted',
  'application.created',
  'application.updated',
  'application.deleted',
  'user.created',
  'user.updated',
  'user.deleted',
  'user.deauthorised',
  'org.created',
  'org.updated',
  'org.deleted',
  'org.tree_replaced',
] as const;
export type DirectoryEventType = (typeof DIRECTORY_EVENT_TYPES)[number];

export interface PendingEvent {
  type: DirectoryEventType;
  /** the changed entity, without secrets */
  data: Record<string, unknown>;
  changedAt: Date;
}

/**
 * The event of a row's change, from whether it was live before (undefined: there was no row) and is live after, and
 * what it is after when not live: nothing when it was not live and is not (a delete of a tombstone or of a row never
 * seen, a modify of a deleted row). Pure.
 */
export function transition(entity: 'tenant' | 'application' | 'user' | 'org', wasLive: boolean | undefined, isLive: boolean, after: 'deleted' | 'deauthorised' = 'deleted'): DirectoryEventType | undefined {
  if (isLive) return `${entity}.${wasLive ? 'updated' : 'created'}` as DirectoryEventType;
  if (!wasLive) return undefined;
  return `${entity}.${entity === 'user' ? after : 'deleted'}` as DirectoryEventType;
}

/** The key that keeps one delivery job per tenant running at a time. */
export const tenantKey = (instanceId: string, tenantId: string) => JSON.stringify([instanceId, tenantId]);

/** Locks the tenant's event counter for the transaction (creating it at 0): a tenant's changes then run one at a time. */
export async function lockTenantEvents(tx: pg.PoolClient, instanceId: string, tenantId: string): Promise<void> {
  await tx.query(
    `INSERT INTO kit_event_counter (instance_id, tenant_id, last_sequence) VALUES ($1, $2, 0)
     ON CONFLICT (instance_id, tenant_id) DO UPDATE SET last_sequence = kit_event_counter.last_sequence`,
    [instanceId, tenantId],
  );
}

/** Writes the events (in the order given) with the tenant's next sequences, and the job that delivers them. */
export async function emitDirectoryEvents(tx: pg.PoolClient, boss: PgBoss, instanceId: string, tenantId: string, events: PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { rows } = await tx.query<{ last: string }>(
    `INSERT INTO kit_event_counter (instance_id, tenant_id, last_sequence) VALUES ($1, $2, $3)
     ON CONFLICT (instance_id, tenant_id) DO UPDATE SET last_sequence = kit_event_counter.last_sequence + $3
     RETURNING last_sequence::text AS last`,
    [instanceId, tenantId, events.length],
  );
  const first = BigInt(rows[0]!.last) - BigInt(events.length) + 1n;
  // SQL: all events in one statement, numbered by their position
  await tx.query(
    `INSERT INTO kit_event (instance_id, tenant_id, sequence, type, data, changed_at)
     SELECT $1, $2, $3::bigint + e.n - 1, e.v->>'type', e.v->'data', (e.v->>'changedAt')::timestamptz
       FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(v, n)`,
    [instanceId, tenantId, first.toString(), JSON.stringify(events)],
  );
  await enqueue(tx, boss, QUEUES.kitEvents, { instanceId, tenantId }, { instanceId, singletonKey: tenantKey(instanceId, tenantId) });
}

/** Rows the sweep deletes per statement, so that a large backlog never holds a long lock or a large transaction. */
export const SWEEP_BATCH = 5000;

/**
 * Deletes directory events delivered more than `retentionDays` ago, at most `batch` rows per call (the runtime's
 * minute sweep calls it, so a large backlog goes over several minutes). Undelivered events are never touched: they
 * are the outbox. Returns how many rows went.
 */
export async function sweepDeliveredEvents(db: Queryable, retentionDays: number, batch = SWEEP_BATCH): Promise<number> {
  // SQL: the partial index kit_event_delivered_at_idx (migration 20261202153000) finds the old delivered rows
  const { rowCount } = await db.query(
    `DELETE FROM kit_event WHERE id IN (
       SELECT id FROM kit_event WHERE delivered_at IS NOT NULL AND delivered_at < now() - make_interval(days => $1::int) LIMIT $2)`,
    [Math.floor(retentionDays), batch],
  );
  return rowCount ?? 0;
}
