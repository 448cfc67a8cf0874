import type { Queryable } from '../db/client';
import { redactBody, redactUrl } from '../redact';
import { fieldRefusal, type Refusal } from '../refusal';
import { QUEUES, type QueueName } from './queue';
import { attemptOf, jobKind, type JobKind } from './words';

/**
 * The background jobs in the attention queue (issue 7): every job of the app's queues that is failing (it failed at
 * least once and pg-boss will run it again, or is running a retry now) or has given up and is unresolved. The
 * Failures view, the instance banner and the Overview's "Needs attention" read them here; lib/jobs/actions.ts retries
 * them.
 *
 * Why SQL on pg-boss's own tables: its schema (`pgboss.job`, and `pgboss.archive` where maintenance moves finished
 * jobs after 12 hours) is not ours, so it is not in Prisma, and pg-boss 10 has no API that lists jobs by state. They
 * are the truth of a job's state and retries; our `job` table mirrors them for the call log, but is written by our
 * worker and so misses what pg-boss does alone (failing an attempt whose worker died, scheduling the retry). Our table
 * gives what pg-boss does not keep: the instance, the chain of re-runs, and when the job first failed.
 *
 * Unresolved, for a job that gave up (pg-boss state `failed`, its retries used up): no LATER job of the same queue for
 * the same subject exists. The subject is what the job's data names: the instance for provisioning, the order line
 * and scene for applying an order, the instance and event for a status change, the instance and kit tenant for
 * delivering directory events, the licence request for an online licence's upload; the jobs of one cluster-wide queue
(the usage push, the licence refresh, the self-check) name none, so any later job of the queue settles an earlier
one (the next slot's self-check settles the last one that gave up). A later job is a marketplace retry
 * (newInstance on a failed instance starts provisioning again), a Retry now, or a call re-invocation; whatever its
 * state it settles the earlier one: if it completed the work is done, if it is still running it is what to watch,
 * and if it fails it is listed itself. So each subject has at most one given-up entry, the latest. A failing job is
 * always listed: pg-boss will run it again. pg-boss deletes archived jobs after 7 days, so a job given up longer ago is
 * no longer listed (the Failures view's lookback for calls is 7 days too).
 */

/** pg-boss's schema: startBoss (lib/jobs/queue.ts) keeps pg-boss's default. */
export const BOSS_SCHEMA = 'pgboss';
export const APP_QUEUES: readonly QueueName[] = Object.values(QUEUES);

export interface AttentionJob {
  id: string;
  queue: QueueName;
  kind: JobKind;
  instanceId: string | null;
  orderId: string | null;
  orderLineId: string | null;
  state: 'failing' | 'gaveUp';
  /** a failing job whose next attempt is running now */
  running: boolean;
  /** the attempt that failed last, or is running now (1-based) */
  attempt: number;
  maxAttempts: number;
  /** when pg-boss runs it again (ISO); null unless failing and not running */
  nextTry: string | null;
  /** the last error, redacted (lib/redact.ts) and at most MAX_ERROR_LENGTH characters */
  lastError: string | null;
  /** when an attempt first failed; null when unknown (only pg-boss saw the failure: the attempt's worker died) */
  firstFailedAt: string | null;
  /** when the last attempt started */
  lastAttemptAt: string | null;
  /** when it gave up */
  gaveUpAt: string | null;
  createdAt: string;
  /** a re-run (Retry now, call re-invocation): the first job of its chain */
  rerunOf: string | null;
}

export interface AttentionPage {
  jobs: AttentionJob[];
  /** pass back for the next page; absent on the last */
  nextCursor?: string;
}

export const MAX_ERROR_LENGTH = 500;
export const MAX_JOBS_PAGE = 200;

/** A row of the attention queries. */
export interface AttentionRow {
  id: string;
  name: string;
  data: Record<string, unknown> | null;
  state: string;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  started_on: Date | null;
  created_on: Date;
  completed_on: Date | null;
  /** created_on in microseconds since the epoch, exact (the keyset cursor) */
  created_us: string;
  error: string | null;
  instance_id: string | null;
  order_id: string | null;
  order_line_id: string | null;
  rerun_of: string | null;
  first_failed_at: Date | null;
}

/**
 * An error text fit to show: secret-named values masked wherever they appear as `"name": value` and in URLs' query
 * strings (a webhook URL with a token), then cut to MAX_ERROR_LENGTH.
 */
export function safeErrorText(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const text = redactBody(raw, 4 * MAX_ERROR_LENGTH)!.replace(/\bhttps?:\/\/[^\s"'<>]+/g, (url) => redactUrl(url));
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH - 1) + '…' : text;
}

/** A row as the console sees it. */
export function toAttentionJob(r: AttentionRow): AttentionJob {
  const gaveUp = r.state === 'failed';
  const running = r.state === 'active';
  const data = r.data ?? {};
  return {
    id: r.id,
    queue: r.name as QueueName,
    kind: jobKind(r.name, data),
    instanceId: r.instance_id,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    state: gaveUp ? 'gaveUp' : 'failing',
    running,
    ...attemptOf({ retryCount: r.retry_count, retryLimit: r.retry_limit }),
    nextTry: gaveUp || running ? null : r.start_after.toISOString(),
    lastError: safeErrorText(r.error),
    firstFailedAt: r.first_failed_at?.toISOString() ?? null,
    lastAttemptAt: r.started_on?.toISOString() ?? null,
    gaveUpAt: gaveUp ? (r.completed_on?.toISOString() ?? null) : null,
    createdAt: r.created_on.toISOString(),
    rerunOf: r.rerun_of,
  };
}

/**
 * The subject of a job (see above), as a jsonb value of its data; `alias` is the table alias holding `data`. An
 * online licence's upload job is about its request (licenceRequestId, spec §9.2).
 */
const subject = (alias: string) =>
  `jsonb_build_array(${alias}.data->'instanceId', ${alias}.data->'orderId', ${alias}.data->'orderLineId', ${alias}.data->'kind', ${alias}.data->'event', ${alias}.data->'tenantId', ${alias}.data->'licenceRequestId', ${alias}.data->'deliveryId')`;

const BOSS_COLUMNS = `id, name, data, state::text AS state, retry_count, retry_limit, start_after, started_on, created_on, completed_on, output`;

/**
 * The unresolved failing and given-up jobs, as the CTE `attention` ($1: the app's queue names). Failing jobs are in
 * pgboss.job only; given-up ones stay there until maintenance archives them. Only jobs the app enqueued (with their
 * row in our `job` table, written in the same transaction) are ours to show. The two NOT EXISTS probes (one for jobs
 * of an instance, one for those without) each keep to an index of our `job` table.
 */
const ATTENTION_CTE = `
  WITH boss AS (
    SELECT ${BOSS_COLUMNS} FROM ${BOSS_SCHEMA}.job
     WHERE name = ANY($1::text[]) AND (state IN ('retry', 'failed') OR (state = 'active' AND retry_count > 0))
    UNION ALL
    SELECT ${BOSS_COLUMNS} FROM ${BOSS_SCHEMA}.archive WHERE name = ANY($1::text[]) AND state = 'failed'
  ),
  attention AS (
    SELECT b.*, j.instance_id, j.rerun_of, j.first_failed_at, j.last_error
      FROM boss b JOIN job j ON j.id = b.id::text
     WHERE b.state <> 'failed'
        OR (NOT EXISTS (
              SELECT 1 FROM job later
               WHERE later.instance_id = j.instance_id AND later.queue = j.queue
                 AND (later.created_at, later.id) > (j.created_at, j.id) AND ${subject('later')} = ${subject('j')})
            AND NOT EXISTS (
              SELECT 1 FROM job later
               WHERE j.instance_id IS NULL AND later.instance_id IS NULL AND later.queue = j.queue
                 AND (later.created_at, later.id) > (j.created_at, j.id) AND ${subject('later')} = ${subject('j')}))
  )`;

export interface AttentionFilter {
  instanceId?: string;
  cursor?: string;
  limit?: number;
}

/** The cursor is opaque to clients: base64url of [created_on in µs, id] of the last job served. */
export function encodeJobCursor(createdUs: string, id: string): string {
  return Buffer.from(JSON.stringify([createdUs, id]), 'utf8').toString('base64url');
}

export function decodeJobCursor(cursor: string): { createdUs: string; id: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && /^\d{1,20}$/.test(String(v[0])) && UUID.test(String(v[1]))) return { createdUs: String(v[0]), id: String(v[1]) };
  } catch {
    // not one of ours
  }
  return undefined;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One page of the attention jobs, newest first (by creation, which does not move while a job retries, so the keyset
 * (created_on, id) neither repeats nor skips jobs), optionally of one instance; a Refusal for a cursor this server did
 * not hand out.
 */
// SQL: pg-boss's own tables, joined to job, keyset-paged on (created_at, id)
export async function listAttentionJobs(db: Queryable, filter: AttentionFilter = {}): Promise<AttentionPage | Refusal> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_JOBS_PAGE);
  const cursor = filter.cursor ? decodeJobCursor(filter.cursor) : undefined;
  if (filter.cursor && !cursor) return fieldRefusal('cursor', 'errors.job.cursor');
  const { rows } = await db.query<AttentionRow>(
    `${ATTENTION_CTE}
     SELECT a.id::text AS id, a.name, a.data, a.state, a.retry_count, a.retry_limit, a.start_after, a.started_on, a.created_on, a.completed_on,
            (extract(epoch FROM a.created_on) * 1000000)::bigint::text AS created_us,
            left(COALESCE(a.output->>'message', a.output->'value'->>'message', a.output::text, a.last_error), 4000) AS error,
            a.instance_id, COALESCE(a.data->>'orderId', i.order_id) AS order_id, COALESCE(a.data->>'orderLineId', i.order_line_id) AS order_line_id,
            a.rerun_of, a.first_failed_at
       FROM attention a LEFT JOIN instance i ON i.id = a.instance_id
      WHERE ($2::text IS NULL OR a.instance_id = $2)
        AND ($3::bigint IS NULL OR ((extract(epoch FROM a.created_on) * 1000000)::bigint, a.id) < ($3::bigint, $4::uuid))
      ORDER BY a.created_on DESC, a.id DESC
      LIMIT ${limit + 1}`,
    [APP_QUEUES, filter.instanceId ?? null, cursor?.createdUs ?? null, cursor?.id ?? null],
  );
  const jobs = rows.slice(0, limit);
  const last = jobs.at(-1);
  return {
    jobs: jobs.map(toAttentionJob),
    ...(rows.length > limit && last ? { nextCursor: encodeJobCursor(last.created_us, last.id) } : {}),
  };
}

export interface AttentionCount {
  /** failing, still retrying (or running a retry now) */
  failing: number;
  /** given up, unresolved */
  gaveUp: number;
}

/** How many jobs need attention, for the Overview. */
// SQL: pg-boss's own tables
export async function countAttentionJobs(db: Queryable): Promise<AttentionCount> {
  const { rows } = await db.query<AttentionCount>(
    `${ATTENTION_CTE}
     SELECT count(*) FILTER (WHERE state <> 'failed')::int AS failing, count(*) FILTER (WHERE state = 'failed')::int AS "gaveUp" FROM attention`,
    [APP_QUEUES],
  );
  return rows[0] ?? { failing: 0, gaveUp: 0 };
}

/** The attention jobs per queue (the alert rule jobFailing, lib/alerts/rules.ts): failing with at least `minAttempts` failed attempts, and given up. */
// SQL: pg-boss's own tables, grouped by queue
export async function countAttentionJobsByQueue(db: Queryable, minAttempts: number, queues: readonly QueueName[] = APP_QUEUES): Promise<{ queue: QueueName; failing: number; gaveUp: number }[]> {
  const { rows } = await db.query<{ queue: QueueName; failing: number; gaveUp: number }>(
    `${ATTENTION_CTE}
     SELECT name AS queue, count(*) FILTER (WHERE state NOT IN ('failed', 'active') AND retry_count + 1 >= $2)::int AS failing,
            count(*) FILTER (WHERE state = 'failed')::int AS "gaveUp"
       FROM attention GROUP BY name ORDER BY name`,
    [queues, minAttempts],
  );
  return rows.filter((r) => r.failing > 0 || r.gaveUp > 0);
}

/** A job of the app's queues by id, in any state, for Retry now. */
export interface StoredJob {
  id: string;
  queue: QueueName;
  /** pg-boss's state: created, retry, active, completed, cancelled, failed */
  state: string;
  retryCount: number;
  startAfter: Date;
  data: Record<string, unknown>;
  instanceId: string | null;
  callId: string | null;
  /** the first job of its chain of re-runs: the job itself when it is not a re-run */
  rootId: string;
  /** the outbound API whose open circuit it waits for (lib/jobs/worker.ts waitForCircuit), else null */
  waitingFor: string | null;
}

/** pg-boss's facts of one of the app's jobs (see ATTENTION_CTE: one with its row in our `job` table). */
// SQL: pg-boss's own tables, joined to job
export async function findJob(db: Queryable, id: string): Promise<StoredJob | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<{
    id: string;
    name: string;
    state: string;
    retry_count: number;
    start_after: Date;
    data: Record<string, unknown> | null;
    instance_id: string | null;
    call_id: string | null;
    root_id: string;
    waiting_for: string | null;
  }>(
    `SELECT b.id::text AS id, b.name, b.state::text AS state, b.retry_count, b.start_after, b.data, j.instance_id,
            j.call_id::text AS call_id, COALESCE(j.rerun_of, j.id) AS root_id,
            CASE WHEN j.state = 'retry' THEN substring(j.last_error FROM '^waiting: the ([A-Za-z]+) circuit is open') END AS waiting_for
       FROM (SELECT id, name, state, retry_count, start_after, data FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid AND name = ANY($2::text[])
             UNION ALL
             SELECT id, name, state, retry_count, start_after, data FROM ${BOSS_SCHEMA}.archive WHERE id = $1::uuid AND name = ANY($2::text[])) b
       JOIN job j ON j.id = b.id::text
      LIMIT 1`,
    [id, APP_QUEUES],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    queue: r.name as QueueName,
    state: r.state,
    retryCount: r.retry_count,
    startAfter: r.start_after,
    data: r.data ?? {},
    instanceId: r.instance_id,
    callId: r.call_id,
    rootId: r.root_id,
    waitingFor: r.waiting_for,
  };
}

/** The id of the latest job after `job` of the same queue for the same subject (see above); undefined when none. */
// SQL: jobs matched on the subject inside their JSON data (jsonb_build_array), which Prisma cannot compare
export async function laterJobId(db: Queryable, job: Pick<StoredJob, 'id'>): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT later.id FROM job j JOIN job later
         ON later.queue = j.queue AND later.instance_id IS NOT DISTINCT FROM j.instance_id AND ${subject('later')} = ${subject('j')}
        AND (later.created_at, later.id) > (j.created_at, j.id)
      WHERE j.id = $1
      ORDER BY later.created_at DESC, later.id DESC LIMIT 1`,
    [job.id],
  );
  return rows[0]?.id;
}
