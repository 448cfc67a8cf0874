import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { afterCommit } from '../db/client';
import { wakeWorkers } from './wake';

/**
 * The PostgreSQL-backed job queue (pg-boss 10, which also runs on the embedded PGlite). Rows and the jobs that act on
 * them are written in one transaction: `enqueue` takes the caller's transaction client (house style 5).
 */
export const QUEUES = {
  /** fetch the order, run the provisioner, make the instance active (spec §3.3) */
  provision: 'provision',
  /** fetch a renewal / upgrade / notified order and apply it, telling the provisioner (spec §3.5, §3.8, §3.10) */
  applyOrder: 'apply-order',
  /** tell the provisioner about freeze, unfreeze, release (spec §3.6, §3.7) */
  lifecycle: 'lifecycle',
  /** seal the closed hours' usage and push it to the marketplace (spec §8.1): one job per interval, cluster-wide */
  usagePush: 'usage-push',
  /** deliver a kit tenant's pending directory events in sequence (lib/kit/events.ts): one job per tenant at a time */
  kitEvents: 'kit-events',
  /** deliver a licence code's pending lifecycle events in order (lib/licenceCodes/events.ts): one job per code at a time */
  licenceEvents: 'licence-events',
  /** ask the marketplace's heartbeat for every live licence code (spec §9.1): one job a day, cluster-wide */
  licenceRefresh: 'licence-refresh',
  /** produce an online licence and upload it to the marketplace (spec §9.2, lib/licences/onlineUpload.ts): one job per request */
  licenceUpload: 'licence-upload',
  /** send one alert message to one channel (lib/alerts/deliver.ts): retried, given up into the attention queue */
  alertDelivery: 'alert-delivery',
  /** replay the saved debugger cases, as the marketplace's dial test does (spec §1.2, lib/selfcheck/run.ts): one job per scheduled slot, cluster-wide */
  selfCheck: 'self-check',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface QueueSettings {
  /** retries after a failure, with exponential backoff: by default 2, 4, 8 … 256 s, about 8.5 minutes in all, well
   * inside the marketplace's own retry window (spec §7.1), after which its next retry starts the job again */
  retryLimit: number;
  retryDelaySeconds: number;
  /** seconds an active job may run before pg-boss considers its worker dead and retries it */
  expireInSeconds: number;
  maintenanceIntervalSeconds: number;
  pollingIntervalSeconds: number;
}

const names = new Map<string, string>();
/**
 * pg-boss's statements are a handful of constant texts, some of them large: run the parameterised ones as named
 * prepared statements, parsed and planned once per connection instead of on every job (measured on the embedded
 * database: the job insert went from about 2.2 ms to a fraction of it).
 */
function prepared(text: string, values?: unknown[]): pg.QueryConfig {
  if (!values?.length) return { text };
  let name = names.get(text);
  if (!name) {
    name = 'pgboss_' + createHash('sha1').update(text).digest('hex').slice(0, 16);
    names.set(text, name);
  }
  return { name, text, values };
}

/**
 * pg-boss 10 queue policies. `stately` for the usage push: at most one job of a singleton key waiting and one running
 * (a unique index of pg-boss's, so across every process), so pushes neither pile up behind a slow one nor overlap.
 * (The push is safe if they did: its seal takes an advisory lock and its claims skip locked rows.) The daily licence
 * refresh likewise. `singleton` for the kit events and the licence events: any number waiting, at most one running
 * per singleton key (the tenant, the licence code), so its events go out in order while others' go out beside them.
 */
const POLICIES: Partial<Record<QueueName, PgBoss.Queue['policy']>> = {
  [QUEUES.usagePush]: 'stately',
  [QUEUES.kitEvents]: 'singleton',
  [QUEUES.licenceEvents]: 'singleton',
  [QUEUES.licenceRefresh]: 'stately',
};

/**
 * Queues whose jobs may run longer than JOB_EXPIRE_SECONDS: the self-check replays every saved case one after the
 * other, each with the marketplace's 5 s timeout and up to 20 s of queryInstance polling (lib/debugger/runner.ts), so
 * dozens of cases take minutes; expiring it at 120 s would start a second run beside the first.
 */
const MIN_EXPIRE_SECONDS: Partial<Record<QueueName, number>> = {
  [QUEUES.selfCheck]: 1800,
};

/** pg-boss runs its SQL through the app's own pool: one pool per process, sized for the database it runs on. */
export async function startBoss(pool: pg.Pool, settings: QueueSettings): Promise<PgBoss> {
  const boss = new PgBoss({
    db: {
      // pg-boss 10 does not await its own job completion after a handler returns: a completion issued while the app
      // shuts down would hit the closed pool. It is dropped instead; the job then expires and runs again (handlers are
      // idempotent), which is what a crash would do.
      // (pg-boss reads a missing result as "nothing fetched, nothing affected")
      executeSql: (text: string, values?: unknown[]) =>
        pool.ending ? (Promise.resolve(undefined) as unknown as Promise<pg.QueryResult>) : pool.query(prepared(text, values)),
    },
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
  });
  boss.on('error', (err) => console.error('[jobs] pg-boss error:', err.message));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    const options = {
      name,
      policy: POLICIES[name] ?? 'standard',
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: Math.max(settings.expireInSeconds, MIN_EXPIRE_SECONDS[name] ?? 0),
    };
    // createQueue is not idempotent under concurrent starts of several processes: tolerate "already exists"
    try {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
      else await boss.updateQueue(name, options);
    } catch (err) {
      if (!/already exists|duplicate key/i.test((err as Error).message)) throw err;
    }
  }
  return boss;
}

export interface EnqueueMeta {
  instanceId?: string;
  callId?: bigint | string | null;
  /** the job's id, when the caller already wrote its `job` row (into JOB_ROW_COLUMNS) in the same transaction */
  recordedId?: string;
  /** a console re-run of a failed job: the first job of the chain (lib/calls/reinvoke.ts) */
  rerunOf?: string;
  /** pg-boss singletonKey (the queue's policy says what it limits) */
  singletonKey?: string;
}

/** Our `job` row, for callers that fold it into a statement of their own: ($id, $queue, $instanceId, $callId, $data). */
export const JOB_ROW_COLUMNS = `job (id, queue, instance_id, call_id, state, data)`;

/** Enqueues a job inside the caller's transaction and records it in our `job` table, linked to its call. */
export async function enqueue(
  client: pg.PoolClient,
  boss: PgBoss,
  queue: QueueName,
  data: Record<string, unknown>,
  meta: EnqueueMeta = {},
): Promise<string> {
  const id = meta.recordedId ?? randomUUID();
  // null: the queue's policy (usage-push is stately) already holds a job like it; no row of ours without its job
  if ((await sendInTransaction(client, boss, queue, data, { id, ...(meta.singletonKey ? { singletonKey: meta.singletonKey } : {}) })) === null) throw new Error(`the ${queue} queue already holds a job like this one`);
  if (meta.recordedId) return id;
  await recordJob(client, id, queue, data, meta);
  return id;
}

/**
 * First attempts never wait behind retries (issue 12): pg-boss fetches `ORDER BY priority DESC, created_on`, and a
 * retried job keeps its (older) created_on, so after a burst of failures the retries would be fetched before a purchase
 * made after the marketplace's API came back. Every job is sent with at least FIRST_ATTEMPT_PRIORITY, and a failed
 * attempt is lowered to RETRY_PRIORITY before pg-boss schedules its retry (lib/jobs/worker.ts): a first attempt is
 * always fetched first, the retries after it in their own order.
 */
export const FIRST_ATTEMPT_PRIORITY = 1;
export const RETRY_PRIORITY = 0;

/** 2026-01-01 UTC: provisioning priorities count seconds from here (an int4 holds 68 years of them). */
const PRIORITY_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * The priority a first attempt is sent with. Provisioning is newest second first (issue 12): a purchase made while a
 * backlog of purchases drains is fetched at the next fetch, not after the backlog, however long it is; within a second
 * the order is pg-boss's, oldest first. The oldest are not starved meanwhile: one worker per process fetches oldest
 * first (lib/jobs/worker.ts). The other queues keep pg-boss's order (a lifecycle event must not overtake the one
 * before it for the same instance).
 */
export function firstAttemptPriority(queue: QueueName, now = Date.now()): number {
  if (queue !== QUEUES.provision) return FIRST_ATTEMPT_PRIORITY;
  return FIRST_ATTEMPT_PRIORITY + Math.max(0, Math.floor((now - PRIORITY_EPOCH_MS) / 1000));
}

/** Lowers a failed job to the retries' priority (the retry pg-boss makes of it keeps the job's priority). */
// SQL: a keyed update of pg-boss's job row (partitioned by name: the name prunes to the queue's partition)
export async function deprioritize(db: Pick<pg.Pool, 'query'>, queue: QueueName, jobId: string): Promise<void> {
  await db.query({ name: 'job.deprioritize', text: `UPDATE pgboss.job SET priority = $3 WHERE name = $1 AND id = $2 AND priority > $3`, values: [queue, jobId, RETRY_PRIORITY] });
}

function sendInTransaction(client: pg.PoolClient, boss: PgBoss, queue: QueueName, data: Record<string, unknown>, options: PgBoss.SendOptions): Promise<string | null> {
  // the process's workers of this queue fetch as soon as the transaction commits, not at their next poll
  afterCommit(client, () => wakeWorkers(boss, queue));
  return boss.send(queue, data, {
    priority: firstAttemptPriority(queue),
    ...options,
    db: { executeSql: (text: string, values: unknown[]) => client.query(prepared(text, values)) },
  } as PgBoss.SendOptions);
}

async function recordJob(client: pg.PoolClient, id: string, queue: QueueName, data: Record<string, unknown>, meta: EnqueueMeta): Promise<void> {
  await client.query({
    name: 'job.insert',
    text: `INSERT INTO job (id, queue, instance_id, call_id, state, data, rerun_of) VALUES ($1, $2, $3, $4, 'created', $5, $6)`,
    values: [id, queue, meta.instanceId ?? null, meta.callId ?? null, data, meta.rerunOf ?? null],
  });
}

/**
 * Enqueues a job of `queue` once per time slot of `seconds` for `key`, however many processes ask: pg-boss's
 * singletonKey + singletonSeconds (a unique index on the slot) answers null to all but the first, and only the first
 * gets its row in our `job` table. Resolves with the job's id, or null when the slot already has its job.
 *
 * pg-boss's slots are cut from the epoch (`floor(now / seconds)`), so two processes asking on either side of a slot's
 * boundary get two jobs. A key that names its instant itself (`once`: the self-check's `self-check:2026-12-03T23:00:00Z`)
 * also gets a job id derived from queue and key: pg-boss's primary key (name, id) then refuses a second job whatever
 * the boundary, and so does our `job` table's.
 */
export async function enqueueOncePerSlot(
  client: pg.PoolClient,
  boss: PgBoss,
  queue: QueueName,
  data: Record<string, unknown>,
  slot: { key: string; seconds: number; once?: boolean },
): Promise<string | null> {
  const id = slot.once ? slotJobId(queue, slot.key) : randomUUID();
  const sent = await sendInTransaction(client, boss, queue, data, { id, singletonKey: slot.key, singletonSeconds: Math.max(1, Math.round(slot.seconds)) });
  if (!sent) return null;
  await recordJob(client, id, queue, data, {});
  return id;
}

/** A job id that is a function of queue and key, shaped as a UUID (pg-boss's id column is one). */
export function slotJobId(queue: QueueName, key: string): string {
  const h = createHash('sha256').update(`${queue}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
