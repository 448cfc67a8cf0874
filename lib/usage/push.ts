import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { withTransaction } from '../db/client';
import { enqueueOncePerSlot, QUEUES } from '../jobs/queue';
import { sortedCompactJson } from '../marketplace/canonical';
import { usagePushSignature } from '../marketplace/signature';
import { basicIso } from '../marketplace/time';
import { answerCode, callOpenApi, OpenApiError, type OpenApiTarget } from '../openapi/client';
import { USAGE_PUSH_PATH, type UsageRecord } from '../openapi/types';
import { refusal, type Refusal } from '../refusal';
import { closedBefore, hourEnd, unitsOf, unitsToString } from './units';
import { CircuitOpenError } from '../openapi/breaker';

/**
 * The usage push (spec §8.1), in three plain steps over `usage_event` and `usage_record`:
 *  1. seal: the billable parts of every closed hour not yet sealed become usage records, one per (instance, hour,
 *     package) with the next sequence number, and the parts point at their record — one statement;
 *  2. send: pending records are claimed in batches of at most 1,000, pushed signed twice (APIG AK/SK and the body
 *     signature), and marked with the marketplace's answer;
 *  3. a record the marketplace never accepted and whose hour is older than 21 days is expired, not pushed.
 * `metering_sn` is a function of (instance, hour, package, seq), so a resent record (a retry, a crash mid-push, a
 * re-push) carries the number the marketplace already knows, and is counted once.
 */

export const MAX_BATCH = 1000;
/** spec §8.1 / MKT.9004: records whose begin_time is older than 21 days are refused by the marketplace */
export const MAX_AGE_MS = 21 * 24 * 3600 * 1000;
/** expire a little early: a record pushed at 20 d 23 h 59 min 59 s would arrive too old */
const AGE_MARGIN_MS = 60_000;
/** how long a push holds its claimed records before another push may take them (its process died) */
export const DEFAULT_CLAIM_SECONDS = 120;
/** the seal's advisory lock: two pushers never seal at once (lib/users/actions.ts uses 7370001) */
const SEAL_LOCK = 7370101;

export type RecordStatus = 'pending' | 'sending' | 'accepted' | 'rejected' | 'expired';

export interface UsagePushDeps {
  pool: pg.Pool;
  openApi: OpenApiTarget;
  /** the key bound to the basic interfaces (config.keys.basic): the body signature's key */
  basicKey?: string;
  /** USAGE_GRACE_SECONDS */
  graceSeconds: number;
}

export interface UsagePushOptions {
  now?: Date;
  jobId?: string;
  /** records per push (default and at most 1,000) */
  batchSize?: number;
  /** pushes in flight at once (default 4) */
  concurrency?: number;
  claimSeconds?: number;
  /** HTTP attempts per push before the records go back to pending (default 3), first backoff (default 300 ms) */
  attempts?: number;
  backoffMs?: number;
}

export interface UsagePushResult {
  /** records the seal created */
  sealed: number;
  /** records sent in this run */
  pushed: number;
  accepted: number;
  rejected: number;
  expired: number;
  /** records still waiting for a push after this run (a retryable failure put them back) */
  pending: number;
}

/** A retryable failure persisted: the records are pending again, and the job is to run again later. */
export class UsagePushError extends Error {
  constructor(
    message: string,
    readonly result: UsagePushResult,
    /** the push was refused by the open usage-push circuit (lib/openapi/breaker.ts): the job waits, uncounted */
    readonly circuit?: CircuitOpenError,
  ) {
    super(message);
    this.name = 'UsagePushError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// seal

/**
 * SQL twin of lib/usage/meteringSn.ts meteringSn: sha256 of "instance\nhour ISO\npackage\nseq" in hex
 * (tests/integration/usage/push.test.ts proves they agree). `hour` is a timestamptz at a whole hour.
 */
const METERING_SN_SQL = (instance: string, hour: string, pkg: string, seq: string) =>
  `encode(sha256(convert_to(${instance} || E'\\n' || to_char(${hour} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\\n' || ${pkg} || E'\\n' || ${seq}::text, 'UTF8')), 'hex')`;

/**
 * One statement: data-modifying CTEs share one snapshot, so an event committed while it runs is neither counted nor
 * attached (it stays unsealed, for the next seal: a further record of its hour). The parts are locked FOR UPDATE so
 * that nothing changes them between the sum and the attach.
 */
// SQL: data-modifying CTEs (lock, group, insert with the next seq and the metering_sn, attach) in one snapshot
const SEAL = `
  WITH parts AS (
    SELECT id, instance_id, hour, COALESCE(package_instance_id, '') AS pkg, value
      FROM usage_event
     WHERE record_id IS NULL AND billable AND hour < $1
       FOR UPDATE
  ),
  groups AS (
    SELECT g.instance_id, g.hour, g.pkg, g.value,
           COALESCE((SELECT max(r.seq) FROM usage_record r
                      WHERE r.instance_id = g.instance_id AND r.hour = g.hour AND r.package_instance_id = g.pkg), 0) + 1 AS seq
      FROM (SELECT instance_id, hour, pkg, sum(value) AS value FROM parts GROUP BY instance_id, hour, pkg) g
  ),
  inserted AS (
    INSERT INTO usage_record (instance_id, hour, package_instance_id, seq, value, metering_sn, status, sealed_at)
    SELECT instance_id, hour, pkg, seq, value, ${METERING_SN_SQL('instance_id', 'hour', 'pkg', 'seq')}, 'pending', $2
      FROM groups
    RETURNING id, instance_id, hour, package_instance_id
  ),
  attached AS (
    UPDATE usage_event e SET record_id = i.id
      FROM parts p JOIN inserted i ON i.instance_id = p.instance_id AND i.hour = p.hour AND i.package_instance_id = p.pkg
     WHERE e.id = p.id
    RETURNING e.id
  )
  SELECT (SELECT count(*) FROM inserted)::int AS records, (SELECT count(*) FROM attached)::int AS parts`;

/** Seals every closed hour's unsealed billable parts into usage records; answers how many records and parts. */
export async function sealUsage(pool: pg.Pool, now: Date, graceSeconds: number): Promise<{ records: number; parts: number }> {
  return withTransaction(pool, async (client) => {
    // a second pusher waits here, then its statement's snapshot sees the parts this one attached
    await client.query(`SELECT pg_advisory_xact_lock($1)`, [SEAL_LOCK]);
    // the grouping and the attach join sort or hash every unsealed part: keep them in memory (measured at 100,000)
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const { rows } = await client.query<{ records: number; parts: number }>(SEAL, [closedBefore(now, graceSeconds), now]);
    return rows[0]!;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// expire

/** Records never accepted whose hour is now too old for the marketplace: expired, flagged in the attention queue. */
// SQL: one set-based UPDATE by age
export async function expireOldRecords(pool: pg.Pool, now: Date): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE usage_record SET status = 'expired', claimed_until = NULL,
            last_error = 'not accepted within 21 days of its hour: the marketplace no longer takes it (spec §8.1, MKT.9004)'
      WHERE (status = 'pending' OR (status = 'sending' AND claimed_until < $1)) AND hour < $2`,
    [now, new Date(now.getTime() - MAX_AGE_MS + AGE_MARGIN_MS)],
  );
  return rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// send

export interface ClaimedRecord {
  id: string;
  instanceId: string;
  hour: Date;
  /** '' for plain pay-per-use */
  packageInstanceId: string;
  /** numeric(20,4) as text */
  value: string;
  meteringSn: string;
}

/**
 * Claims up to `limit` records to push: pending ones, and ones another push claimed and never finished (its claim
 * ran out: the process died mid-push). SKIP LOCKED: concurrent pushers take disjoint batches.
 */
// SQL: FOR UPDATE SKIP LOCKED claim and its UPDATE in one statement
export async function claimRecords(pool: pg.Pool, now: Date, limit: number, claimSeconds = DEFAULT_CLAIM_SECONDS): Promise<ClaimedRecord[]> {
  const { rows } = await pool.query<{ id: string; instance_id: string; hour: Date; package_instance_id: string; value: string; metering_sn: string }>(
    // two probes, each walking the (status, hour) index in order, instead of one OR that sorts every pending record
    // for each batch (measured: the 100,000-record push took 19 s to send with the OR, most of it in this sort)
    `WITH stale AS (
       SELECT id FROM usage_record WHERE status = 'sending' AND claimed_until < $1
        ORDER BY hour, id LIMIT $2
          FOR UPDATE SKIP LOCKED
     ),
     fresh AS (
       SELECT id FROM usage_record WHERE status = 'pending'
        ORDER BY hour, id LIMIT $2
          FOR UPDATE SKIP LOCKED
     ),
     c AS (SELECT id FROM (SELECT id, 0 AS k FROM stale UNION ALL SELECT id, 1 FROM fresh) u ORDER BY k LIMIT $2)
     UPDATE usage_record r SET status = 'sending', claimed_until = $1::timestamptz + make_interval(secs => $3), pushed_at = $1
       FROM c WHERE r.id = c.id
     RETURNING r.id::text AS id, r.instance_id, r.hour, r.package_instance_id, r.value::text AS value, r.metering_sn`,
    [now, Math.min(Math.max(limit, 1), MAX_BATCH), claimSeconds],
  );
  return rows
    .map((r) => ({ id: r.id, instanceId: r.instance_id, hour: r.hour, packageInstanceId: r.package_instance_id, value: r.value, meteringSn: r.metering_sn }))
    .sort((a, b) => a.hour.getTime() - b.hour.getTime() || Number(a.id) - Number(b.id));
}

/** One record of the §8.1 body. */
export function usagePushRecord(r: ClaimedRecord, now: Date): UsageRecord {
  return {
    instance_id: r.instanceId,
    record_time: basicIso(now),
    begin_time: basicIso(r.hour),
    end_time: basicIso(hourEnd(r.hour)),
    usage_value: unitsToString(unitsOf(r.value)),
    metering_sn: r.meteringSn,
    ...(r.packageInstanceId ? { relate_pkg_instance: r.packageInstanceId } : {}),
  };
}

/**
 * The §8.1 body as the bytes to send: keys in natural order, compact ("body 按自然排序后参与签名"). These exact
 * bytes are what the body signature and the AK/SK signature cover.
 */
export function usagePushBody(records: ClaimedRecord[], now: Date): string {
  return sortedCompactJson({ usage_records: records.map((r) => usagePushRecord(r, now)) });
}

/** The body-signature headers (spec §8.1): Base64(HMAC-SHA256(basic key, "ts=..&nonce=..&body=..")). */
export function usagePushHeaders(key: string, body: string, ts = Date.now(), nonce = randomBytes(32).toString('hex')): Record<string, string> {
  const t = String(ts);
  return { signature: usagePushSignature(key, t, nonce, body), ts: t, nonce };
}

export type PushVerdict = { ok: true; value: undefined } | { ok: false; retryable: boolean; error: string; expired?: boolean };

/** APIG's throttling answers (flow control): retried like a 5xx */
const APIGW_THROTTLED = new Set(['APIGW.0308']);
/** 500s the §8.1 table documents as a refusal of the records, not a fault of the marketplace: retrying cannot help */
const REFUSING_500 = new Set(['MKT.0100', 'MKT.9001', 'MKT.9002', 'MKT.9003', 'MKT.9004']);

/**
 * What the marketplace's answer to a push means (spec §8.1 table): MKT.0000 accepted; 5xx (its internal error),
 * 429 and APIG throttling retried; every other answer, 4xx and the 500s that name a fault of the records, rejected.
 * MKT.9004 (older than 21 days) expires the records instead.
 */
export function classifyPushAnswer(status: number, parsed: Record<string, unknown> | undefined): PushVerdict {
  const { code, msg } = answerCode(parsed);
  if (status === 200 && code === 'MKT.0000') return { ok: true, value: undefined };
  const error = `HTTP ${status}${code ? ` ${code}` : ''}${msg ? `: ${msg}` : ''}`;
  if (code === 'MKT.9004') return { ok: false, retryable: false, error, expired: true };
  if (status === 429 || (code !== undefined && APIGW_THROTTLED.has(code)) || (code?.startsWith('APIGW.') && /throttl|flow control/i.test(msg ?? ''))) {
    return { ok: false, retryable: true, error };
  }
  if (status >= 500) return { ok: false, retryable: !(code !== undefined && REFUSING_500.has(code)), error };
  return { ok: false, retryable: false, error };
}

type PushOutcome = { kind: 'accepted' | 'rejected' | 'expired' | 'retry'; error?: string; status?: number; code?: string; circuit?: CircuitOpenError };

/** What a batch came to: records per outcome, and the retryable failure, if one left records pending. */
interface BatchCounts {
  accepted: number;
  rejected: number;
  expired: number;
  retry?: string;
  circuit?: CircuitOpenError;
}

/**
 * A refusal that may be about one record rather than the request: the marketplace answers for the whole body, so
 * one bad record (an unknown instance, a value out of range) would take the others down with it. Not so for what is
 * wrong with every record alike: credentials (401/403, APIG) and the body signature (MKT.0102).
 */
function mayBeOneRecord(o: PushOutcome): boolean {
  if (o.kind !== 'rejected' && o.kind !== 'expired') return false;
  if (o.status === 401 || o.status === 403 || o.code === 'MKT.0102' || o.code?.startsWith('APIGW.')) return false;
  return true;
}

/**
 * Pushes one claimed batch and writes its outcome onto the records (only those still claimed as sending). A refusal
 * that may be about one record splits the batch in halves, each pushed again (same metering_sn), so only the records
 * at fault end up rejected: log2(1,000) = 10 levels for one bad record among a thousand.
 */
async function pushBatch(deps: UsagePushDeps, records: ClaimedRecord[], now: Date, opts: UsagePushOptions): Promise<BatchCounts> {
  const { outcome, attempts, callId } = await sendBatch(deps, records, now, opts);
  if (records.length > 1 && mayBeOneRecord(outcome)) {
    const mid = Math.ceil(records.length / 2);
    const a = await pushBatch(deps, records.slice(0, mid), now, opts);
    const b = await pushBatch(deps, records.slice(mid), now, opts);
    return { accepted: a.accepted + b.accepted, rejected: a.rejected + b.rejected, expired: a.expired + b.expired, retry: a.retry ?? b.retry, circuit: a.circuit ?? b.circuit };
  }
  const status: Record<PushOutcome['kind'], RecordStatus> = { accepted: 'accepted', rejected: 'rejected', expired: 'expired', retry: 'pending' };
  await deps.pool.query(
    `UPDATE usage_record SET status = $2::varchar, attempts = attempts + $3, last_error = $4, call_id = COALESCE($5::bigint, call_id),
            claimed_until = NULL, accepted_at = CASE WHEN $2::varchar = 'accepted' THEN $6::timestamptz ELSE accepted_at END
      WHERE id = ANY($1::bigint[]) AND status = 'sending'`,
    [records.map((r) => r.id), status[outcome.kind], attempts, outcome.error?.slice(0, 2000) ?? null, callId ?? null, now],
  );
  const counts: BatchCounts = { accepted: 0, rejected: 0, expired: 0 };
  if (outcome.kind === 'retry') {
    counts.retry = outcome.error;
    counts.circuit = outcome.circuit;
  }
  else counts[outcome.kind] = records.length;
  return counts;
}

/** One push of `records`: the request through the shared outbound client, and what its answer means. */
async function sendBatch(
  deps: UsagePushDeps,
  records: ClaimedRecord[],
  now: Date,
  opts: UsagePushOptions,
): Promise<{ outcome: PushOutcome; attempts: number; callId?: string }> {
  const body = usagePushBody(records, now);
  const instances = new Set(records.map((r) => r.instanceId));
  try {
    const sent = await callOpenApi(
      deps.openApi,
      {
        activity: 'usagePush',
        method: 'POST',
        path: USAGE_PUSH_PATH,
        body,
        headers: () => usagePushHeaders(deps.basicKey!, body),
        label: `usage push of ${records.length} record${records.length === 1 ? '' : 's'}`,
        classify: classifyPushAnswer,
      },
      {
        db: deps.pool,
        jobId: opts.jobId,
        instanceId: instances.size === 1 ? records[0]!.instanceId : undefined,
        attempts: opts.attempts,
        backoffMs: opts.backoffMs,
      },
    );
    return { outcome: { kind: 'accepted' }, attempts: sent.attempts, callId: sent.callId };
  } catch (err) {
    // refused by the open circuit: nothing was sent, the records wait (and so does the job, uncounted)
    if (err instanceof CircuitOpenError) return { outcome: { kind: 'retry', error: err.message, circuit: err }, attempts: 0 };
    const e = err instanceof OpenApiError ? err : new OpenApiError((err as Error).message, true);
    const kind = e.retryable ? 'retry' : e.code === 'MKT.9004' ? 'expired' : 'rejected';
    return { outcome: { kind, error: e.message, status: e.status, code: e.code }, attempts: Math.max(1, e.attempts), callId: e.callId };
  }
}

/**
 * The whole push: seal, expire, then send batches (a few in flight) until nothing is pending. A retryable failure
 * that outlasts the push's own retries puts its records back to pending and, once the batches in flight are done,
 * throws UsagePushError (with the counts) so that the job runs again with pg-boss's backoff.
 */
export async function runUsagePush(deps: UsagePushDeps, opts: UsagePushOptions = {}): Promise<UsagePushResult> {
  const clock = () => opts.now ?? new Date();
  const result: UsagePushResult = { sealed: 0, pushed: 0, accepted: 0, rejected: 0, expired: 0, pending: 0 };
  result.sealed = (await sealUsage(deps.pool, clock(), deps.graceSeconds)).records;
  result.expired += await expireOldRecords(deps.pool, clock());
  let failure: string | undefined;
  let circuit: CircuitOpenError | undefined;
  if (!deps.basicKey) failure = 'MARKETPLACE_KEY (the key bound to the basic interfaces) is not configured: usage cannot be pushed (spec §8.1 body signature)';
  const batch = Math.min(Math.max(opts.batchSize ?? MAX_BATCH, 1), MAX_BATCH);
  const lane = async () => {
    while (!failure) {
      const records = await claimRecords(deps.pool, clock(), batch, opts.claimSeconds);
      if (records.length === 0) return;
      result.pushed += records.length;
      const counts = await pushBatch(deps, records, clock(), opts);
      result.accepted += counts.accepted;
      result.rejected += counts.rejected;
      result.expired += counts.expired;
      if (counts.retry) failure ??= counts.retry;
      circuit ??= counts.circuit;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, lane));
  const { rows } = await deps.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM usage_record WHERE status IN ('pending', 'sending')`);
  result.pending = rows[0]!.n;
  if (failure) throw new UsagePushError(`usage push: ${failure}; ${result.pending} record(s) pending`, result, circuit);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// re-push

/**
 * Re-push (support): rejected records, and expired ones still young enough for the marketplace (MKT.9004 answered
 * for a clock that was off), go back to pending with the same metering_sn, for the next push to send. All or nothing:
 * a record that is not failed, or too old, refuses the whole request, naming it.
 */
// SQL: the guarded status change in one UPDATE, after the checks on the rows locked FOR UPDATE
export async function repushRecords(pool: pg.Pool, ids: string[], now = new Date()): Promise<{ repushed: number } | Refusal> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; status: string; hour: Date }>(
      `SELECT r.id::text AS id, r.status, r.hour FROM usage_record r WHERE r.id = ANY($1::bigint[]) ORDER BY r.id FOR UPDATE`,
      [ids],
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = found.get(id);
      if (!r) return refusal('notFound', 'errors.usage.notFound', { id });
      if (r.status !== 'rejected' && r.status !== 'expired') return refusal('conflict', 'errors.usage.notFailed', { id, state: r.status });
      if (now.getTime() - r.hour.getTime() > MAX_AGE_MS - AGE_MARGIN_MS) return refusal('conflict', 'errors.usage.tooOld', { id, hour: r.hour.toISOString() });
    }
    const { rowCount } = await client.query(
      `UPDATE usage_record SET status = 'pending', claimed_until = NULL WHERE id = ANY($1::bigint[]) AND status IN ('rejected', 'expired')`,
      [ids],
    );
    return { repushed: rowCount ?? 0 };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// schedule

/** What a process holds that the push needs (lib/runtime.ts Runtime). */
export interface UsagePushHost {
  pool: pg.Pool;
  openApi: OpenApiTarget;
  config: { keys: { basic?: string }; usageGraceSeconds: number };
}

export function usagePushDeps(rt: UsagePushHost): UsagePushDeps {
  return { pool: rt.pool, openApi: rt.openApi, basicKey: rt.config.keys.basic, graceSeconds: rt.config.usageGraceSeconds };
}

/** Every usage-push job is the same subject (lib/jobs/attention.ts): its data names no instance or order. */
export const USAGE_PUSH_SLOT_KEY = 'usage-push';

/**
 * Enqueues the usage push of the current interval, once across every process (each process's timer asks once per
 * interval; pg-boss keeps one job per slot). Resolves with the job id, or null when another process was first.
 */
export async function scheduleUsagePush(pool: pg.Pool, boss: PgBoss, intervalSeconds: number): Promise<string | null> {
  return withTransaction(pool, (client) =>
    enqueueOncePerSlot(client, boss, QUEUES.usagePush, { trigger: 'schedule' }, { key: USAGE_PUSH_SLOT_KEY, seconds: intervalSeconds }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Push now (console)

/** The push's counts, and the failure that stopped it (records left pending), for a person who asked for it. */
export type PushNowResult = UsagePushResult & { error?: string };

/** Push now: the same push the job runs, under the same locks, answering what it did rather than throwing. */
export async function pushUsageNow(deps: UsagePushDeps, opts: UsagePushOptions = {}): Promise<PushNowResult> {
  try {
    return await runUsagePush(deps, opts);
  } catch (err) {
    if (err instanceof UsagePushError) return { ...err.result, error: err.message };
    throw err;
  }
}
