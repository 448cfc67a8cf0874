import type pg from 'pg';
import { BREAKER_APIS, breakerFor, type BreakerApi } from '../openapi/breaker';
import type PgBoss from 'pg-boss';
import { withTransaction, type Queryable } from '../db/client';
import { restartProvisioning } from '../instances/lifecycle';
import { lockInstance } from '../marketplace/activities/lockInstance';
import { refusal, type Refusal } from '../refusal';
import { BOSS_SCHEMA, findJob, laterJobId, type StoredJob } from './attention';
import { enqueue, QUEUES } from './queue';

/**
 * Retry now (issue 7, role support): a job of the attention queue (lib/jobs/attention.ts) runs at once.
 *  - A failing job (pg-boss state `retry`, waiting out its backoff) is made due now: its `start_after` moves to now,
 *    and the next poll of a worker takes it, with the retries it has left. pg-boss 10 has no call for this
 *    (`boss.retry` only takes jobs in state `failed`), hence the UPDATE of pg-boss's row.
 *  - A job that gave up is queued again as a new job of the same queue with the same data and a fresh retry budget (the
 *    queue's), a re-run in its chain (`job.rerun_of`), as a call re-invocation does (lib/calls/reinvoke.ts), so both see
 *    one chain. Not `boss.retry`: that adds a single attempt, and only until maintenance archives the job (12 hours).
 *    A provision job needs its instance still failed, and turns it back to provisioning (restartProvisioning).
 * Idempotent: a double click makes a due job due again, or finds the re-run the first click queued (the chain's first
 * job row is locked, as lib/calls/reinvoke.ts locks it) and answers that one; either way the job runs once.
 */
export interface RetryDeps {
  pool: pg.Pool;
  boss: PgBoss;
}

export interface RetryOutcome {
  /** the job asked for */
  id: string;
  /** the job that runs: the same one for a failing job, its re-run for one that gave up */
  jobId: string;
  /** queued: a worker takes it at its next poll; running: an attempt is running now */
  state: 'queued' | 'running';
  /** when it runs (ISO), for a queued job */
  nextTry: string | null;
}

export interface RetryResult {
  /** the job, when it exists (for the audit entry) */
  job?: StoredJob;
  outcome: RetryOutcome | Refusal;
}

export async function retryJob(deps: RetryDeps, id: string): Promise<RetryResult> {
  let job = await findJob(deps.pool, id);
  if (!job) return { outcome: refusal('notFound', 'errors.job.notFound', { id }) };
  const first = job;
  // pg-boss replaces a job's row when an attempt fails (DELETE + INSERT): an UPDATE racing that finds no row, and the
  // job is read again
  for (let i = 0; i < 3; i++) {
    if (job.state === 'failed') return { job: first, outcome: await requeue(deps, job) };
    if (job.state !== 'retry') return { job: first, outcome: current(id, job) };
    // waiting for an open circuit: its next call goes as the probe (this process's breaker, lib/openapi/breaker.ts)
    if (job.waitingFor && (BREAKER_APIS as readonly string[]).includes(job.waitingFor)) breakerFor(job.waitingFor as BreakerApi).probeNow();
    const due = await makeDue(deps.pool, job);
    if (due) return { job: first, outcome: { id, jobId: job.id, state: 'queued', nextTry: due.toISOString() } };
    const again = await findJob(deps.pool, id);
    if (!again) return { job: first, outcome: refusal('notFound', 'errors.job.notFound', { id }) };
    job = again;
  }
  return { job: first, outcome: current(id, job) };
}

/** A failing job due now (never later than it was); the time it is due, or undefined when it is not in retry. */
// SQL: pg-boss's own tables
async function makeDue(db: Queryable, job: StoredJob): Promise<Date | undefined> {
  const { rows } = await db.query<{ start_after: Date }>(
    `UPDATE ${BOSS_SCHEMA}.job SET start_after = LEAST(start_after, now())
      WHERE name = $1 AND id = $2::uuid AND state = 'retry' RETURNING start_after`,
    [job.queue, job.id],
  );
  return rows[0]?.start_after;
}

/**
 * What a job that is not waiting for a retry answers: running a retry already (the first click took effect), or a
 * conflict for one with nothing to retry.
 */
function current(id: string, job: StoredJob): RetryOutcome | Refusal {
  if (job.state === 'active' && (job.retryCount > 0 || job.id !== id)) return { id, jobId: job.id, state: 'running', nextTry: null };
  if (job.id !== id && (job.state === 'created' || job.state === 'retry')) {
    return { id, jobId: job.id, state: 'queued', nextTry: job.startAfter.toISOString() };
  }
  if (job.state === 'completed') return refusal('conflict', 'errors.job.completed');
  if (job.state === 'cancelled') return refusal('conflict', 'errors.job.cancelled');
  return refusal('conflict', 'errors.job.notFailed');
}

/** A given-up job as a new job of its chain, unless a later job of its subject has taken it over. */
// SQL: FOR UPDATE on the chain's first job, with the job enqueued in the same pg transaction
async function requeue(deps: RetryDeps, job: StoredJob): Promise<RetryOutcome | Refusal> {
  return withTransaction(deps.pool, async (client): Promise<RetryOutcome | Refusal> => {
    // concurrent retries and call re-invocations of the chain wait here, then see the re-run the first one queued
    await client.query('SELECT 1 FROM job WHERE id = $1 FOR UPDATE', [job.rootId]);
    const laterId = await laterJobId(client, job);
    if (laterId) {
      const later = await findJob(client, laterId);
      if (later && ['created', 'retry', 'active'].includes(later.state)) return current(job.id, later);
      return refusal('conflict', 'errors.job.superseded', { later: laterId });
    }
    let jobId: string;
    if (job.queue === QUEUES.provision) {
      const instanceId = String(job.data.instanceId ?? job.instanceId ?? '');
      const instance = await lockInstance(client, instanceId);
      if (!instance) return refusal('conflict', 'errors.job.instanceGone', { instanceId });
      if (instance.status !== 'failed') return refusal('conflict', 'errors.job.instanceNotFailed');
      jobId = await restartProvisioning(client, deps.boss, instanceId, { callId: job.callId, extra: job.data, rerunOf: job.rootId });
    } else {
      jobId = await enqueue(client, deps.boss, job.queue, job.data, { instanceId: job.instanceId ?? undefined, callId: job.callId, rerunOf: job.rootId });
    }
    const { rows } = await client.query<{ now: Date }>('SELECT now() AS now');
    return { id: job.id, jobId, state: 'queued', nextTry: rows[0]!.now.toISOString() };
  });
}
