import { z } from 'zod';
import type { Db, PrismaClient, Queryable } from '../db/client';
import { isViewerMaskedName, maskPersonalQuery, maskPersonalUrl, redactBody, redactUrl } from '../redact';
import { Refusal } from '../refusal';
import { reinvokeRefusal, type RefusalCode } from './reinvoke';
import { retryWindowFor, type RetryWindow } from './retryWindows';

/**
 * Reading the call log (issue 3): a filtered, keyset-paginated list, one call with what it is linked to, and the
 * Failures view, and a call's re-invocations. Plain functions; the console API and the pages call them.
 */

export const callFiltersSchema = z.object({
  direction: z.enum(['inbound', 'outbound']).optional(),
  activity: z.string().trim().min(1).max(64).optional(),
  resultCode: z.string().trim().min(1).max(16).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  /** created_at >= from (ISO time) */
  from: z.iso.datetime({ offset: true, local: true }).optional(),
  /** created_at < to (ISO time) */
  to: z.iso.datetime({ offset: true, local: true }).optional(),
  /** an instance id or an order id */
  id: z.string().trim().min(1).max(64).optional(),
  testFlag: z.enum(['0', '1']).optional(),
  /** outbound calls made by one job */
  jobId: z.string().trim().min(1).max(64).optional(),
  /** the re-invocations of one call (its attempts) */
  reinvokedFrom: z.string().trim().regex(/^\d{1,19}$/).optional(),
});
export type CallFilters = z.output<typeof callFiltersSchema>;

/** The filters from URL search params; empty values count as absent. Throws a ZodError naming the bad field. */
export function parseCallFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): CallFilters {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === null || s === undefined || s.trim() === '' ? undefined : s;
  };
  return callFiltersSchema.parse(Object.fromEntries(Object.keys(callFiltersSchema.shape).map((k) => [k, get(k)])));
}

/** The console API's query (lib/console/route.ts gives it as an object of strings): the filters and the page. */
export const callQuerySchema = z.preprocess(
  (q) => Object.fromEntries(Object.entries(q as Record<string, string>).filter(([, v]) => v.trim() !== '')),
  callFiltersSchema.extend({ cursor: z.string().max(512).optional(), limit: z.coerce.number().int().optional() }),
);

/** One row of the list: everything but the bodies, JSON-safe (ids as strings, times as ISO). */
export interface CallSummary {
  id: string;
  createdAt: string;
  direction: 'inbound' | 'outbound';
  activity: string | null;
  orderId: string | null;
  orderLineId: string | null;
  instanceId: string | null;
  signatureVerdict: string | null;
  resultCode: string | null;
  resultMsg: string | null;
  responseStatus: number | null;
  success: boolean;
  durationMs: number;
  testFlag: boolean;
  jobId: string | null;
  error: string | null;
  /** this call is a manual re-invocation of that one (lib/calls/reinvoke.ts) */
  reinvokedFrom: string | null;
  /** how many times this call was re-invoked */
  reinvocations: number;
  /** a V1 call (spec §4: an inbound GET with an authToken, or a kit call to `/produceAPI/{name}`, §4.11), marked V1 in the log */
  v1: boolean;
}

export interface CallPage {
  calls: CallSummary[];
  /** pass back to get the next page; null on the last page */
  nextCursor: string | null;
}

export const MAX_PAGE = 200;

/** The cursor is opaque to clients: base64url of [created_at ISO, id] of the last row served. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && /^\d{1,19}$/.test(String(v[1]))) {
      return { createdAt: v[0], id: String(v[1]) };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Refusal {
  constructor() {
    const m = { key: 'calls.err.cursor' as const, vars: { field: 'cursor' } };
    super('invalid', m, { cursor: m });
  }
}

/**
 * A V1 call (spec §4): an inbound GET to the production URL, or a kit call to `/produceAPI/{name}` (§4.11, not `v2/`).
 * One rule for All calls and the Failures view.
 */
const V1_CALL = (c: string) => `(${c}.direction = 'inbound' AND CASE WHEN ${c}.url LIKE '%/produceAPI/%' THEN ${c}.url NOT LIKE '%/produceAPI/v2/%' ELSE ${c}.method = 'GET' END)`;

const SUMMARY_COLUMNS = `id::text AS id, created_at, direction, activity, order_id, order_line_id, instance_id, signature_verdict,
  result_code, result_msg, response_status, success, duration_ms, test_flag, job_id, left(error, 300) AS error,
  reinvoked_from::text AS reinvoked_from, ${V1_CALL('call')} AS v1, (SELECT count(*)::int FROM call a WHERE a.reinvoked_from = call.id) AS reinvocations`;

interface SummaryRow {
  id: string;
  created_at: Date;
  direction: 'inbound' | 'outbound';
  activity: string | null;
  order_id: string | null;
  order_line_id: string | null;
  instance_id: string | null;
  signature_verdict: string | null;
  result_code: string | null;
  result_msg: string | null;
  response_status: number | null;
  success: boolean;
  duration_ms: number;
  test_flag: boolean;
  job_id: string | null;
  error: string | null;
  reinvoked_from: string | null;
  v1: boolean;
  reinvocations: number;
}

function toSummary(r: SummaryRow): CallSummary {
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    direction: r.direction,
    activity: r.activity,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    instanceId: r.instance_id,
    signatureVerdict: r.signature_verdict,
    resultCode: r.result_code,
    resultMsg: r.result_msg,
    responseStatus: r.response_status,
    success: r.success,
    durationMs: r.duration_ms,
    testFlag: r.test_flag,
    jobId: r.job_id,
    error: r.error,
    reinvokedFrom: r.reinvoked_from,
    reinvocations: r.reinvocations,
    v1: r.v1,
  };
}

/**
 * One page of the log, newest first, keyset-paginated on (created_at DESC, id DESC) so a page costs the same at any
 * depth and calls arriving meanwhile neither repeat nor skip rows (ids are reserved before the row is written, so
 * id alone does not follow time: both columns make the key).
 */
// SQL: keyset page on the covering indexes (… created_at DESC, id DESC), the id search on lower() expression indexes
export async function listCalls(db: Queryable, filters: CallFilters, page: { cursor?: string | null; limit?: number } = {}): Promise<CallPage> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), MAX_PAGE);
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (filters.direction) where.push(`direction = ${param(filters.direction)}`);
  if (filters.activity) where.push(`activity = ${param(filters.activity)}`);
  if (filters.resultCode) where.push(`result_code = ${param(filters.resultCode)}`);
  if (filters.outcome) where.push(filters.outcome === 'success' ? 'success' : 'NOT success');
  if (filters.from) where.push(`created_at >= ${param(new Date(filters.from))}`);
  if (filters.to) where.push(`created_at < ${param(new Date(filters.to))}`);
  if (filters.id) {
    // case-insensitive, on the expression indexes of migration 20261201231500 (not expressible in schema.prisma)
    const p = param(filters.id);
    where.push(`(lower(instance_id) = lower(${p}) OR lower(order_id) = lower(${p}))`);
  }
  if (filters.jobId) where.push(`job_id = ${param(filters.jobId)}`);
  if (filters.reinvokedFrom) where.push(`reinvoked_from = ${param(filters.reinvokedFrom)}::bigint`);
  if (filters.testFlag) where.push(filters.testFlag === '1' ? 'test_flag' : 'NOT test_flag');
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    where.push(`(created_at, id) < (${param(new Date(c.createdAt))}::timestamptz, ${param(c.id)}::bigint)`);
  }
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM call ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY created_at DESC, call.id DESC LIMIT ${limit + 1}`;
  const { rows } = await db.query<SummaryRow>(sql, values);
  const calls = rows.slice(0, limit).map(toSummary);
  const last = calls.at(-1);
  return { calls, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

export interface LinkedJob {
  id: string;
  queue: string;
  state: string;
  attempts: number;
  lastError: string | null;
  instanceId: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface CallDetail extends CallSummary {
  signatureDetail: string | null;
  method: string;
  url: string;
  query: Record<string, unknown> | null;
  requestHeaders: Record<string, string> | null;
  requestBody: string | null;
  responseBody: string | null;
  clientAddress: string | null;
  error: string | null;
  /** jobs this call caused (job.call_id) */
  jobs: LinkedJob[];
  /** for an outbound call: the job that made it (call.job_id) */
  parentJob: LinkedJob | null;
  instance: { id: string; status: string; orderId: string; orderLineId: string } | null;
}

interface JobRow {
  id: string;
  queue: string;
  state: string;
  attempts: number;
  last_error: string | null;
  instance_id: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const toJob = (j: JobRow): LinkedJob => ({
  id: j.id,
  queue: j.queue,
  state: j.state,
  attempts: j.attempts,
  lastError: j.last_error,
  instanceId: j.instance_id,
  createdAt: j.created_at.toISOString(),
  completedAt: j.completed_at?.toISOString() ?? null,
});

/** One call with its bodies, the jobs it caused, the job that made it, and its instance; null when unknown. */
// SQL: the same summary columns as listCalls (SUMMARY_COLUMNS), and the job and instance it is linked to
export async function getCall(db: Queryable, id: string): Promise<CallDetail | null> {
  if (!/^\d{1,19}$/.test(id)) return null;
  const { rows } = await db.query<SummaryRow & Record<string, unknown>>(
    `SELECT ${SUMMARY_COLUMNS}, error AS full_error, signature_detail, method, url, query, request_headers, request_body, response_body, client_address
       FROM call WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const jobCols = `id, queue, state, attempts, last_error, instance_id, created_at, completed_at`;
  const [jobs, parent, instance] = await Promise.all([
    db.query<JobRow>(`SELECT ${jobCols} FROM job WHERE call_id = $1 ORDER BY created_at, id`, [id]),
    r.job_id ? db.query<JobRow>(`SELECT ${jobCols} FROM job WHERE id = $1`, [r.job_id]) : Promise.resolve({ rows: [] as JobRow[] }),
    r.instance_id
      ? db.query<{ id: string; status: string; order_id: string; order_line_id: string }>(
          `SELECT id, status::text AS status, order_id, order_line_id FROM instance WHERE id = $1`,
          [r.instance_id],
        )
      : Promise.resolve({ rows: [] as { id: string; status: string; order_id: string; order_line_id: string }[] }),
  ]);
  const inst = instance.rows[0];
  return {
    ...toSummary(r),
    error: (r.full_error as string | null) ?? null,
    signatureDetail: (r.signature_detail as string | null) ?? null,
    method: r.method as string,
    // rows stored before URLs were redacted still hold the full signature in their query string
    url: redactUrl(r.url as string),
    query: (r.query as Record<string, unknown> | null) ?? null,
    requestHeaders: (r.request_headers as Record<string, string> | null) ?? null,
    requestBody: (r.request_body as string | null) ?? null,
    responseBody: (r.response_body as string | null) ?? null,
    clientAddress: (r.client_address as string | null) ?? null,
    jobs: jobs.rows.map(toJob),
    parentJob: parent.rows[0] ? toJob(parent.rows[0]) : null,
    instance: inst ? { id: inst.id, status: inst.status, orderId: inst.order_id, orderLineId: inst.order_line_id } : null,
  };
}

/** One entry of the Failures view: the unresolved failed attempts at one activity for one order line or instance. */
export interface Failure {
  /** what the marketplace retries: `order:<orderId>/<orderLineId>`, `instance:<id>`, or `call:<id>` when neither is known */
  target: string;
  activity: string | null;
  orderId: string | null;
  orderLineId: string | null;
  instanceId: string | null;
  attempts: number;
  firstFailureAt: string;
  lastFailureAt: string;
  /** the latest failed attempt, for the detail link */
  lastCallId: string;
  resultCode: string | null;
  resultMsg: string | null;
  testFlag: boolean;
  /** spec §7.1; null where no retry window is documented */
  retryWindowMs: number | null;
  afterwards: RetryWindow['afterwards'] | null;
  /** first failure + window; null without a window */
  deadline: string | null;
  /** the window is still open at `now` */
  open: boolean;
  /** the attempts are V1 calls (spec §4), marked V1 like in All calls */
  v1: boolean;
}

export const FAILURE_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * The attention queue (issue 3): failed inbound calls whose signature was valid (a call we could not authenticate
 * may not be the marketplace's) and that are not resolved.
 *
 * Resolved: a LATER SUCCESSFUL inbound call for the SAME activity and the same target, where the target is the
 * orderId + orderLineId when the failed call named an order, else its instanceId. The marketplace retries the same
 * message, so its success settles every earlier failure of that message; a failure after it is a new episode.
 * Calls naming neither an order nor an instance cannot be resolved that way and stand alone.
 *
 * The unresolved failures of one activity and target are one entry: its deadline is the FIRST failure plus the
 * activity's retry window (spec §7.1), when the marketplace refunds the order or abandons the message. Ordered by
 * deadline ascending (entries without a window last, newest first). Only failures since `now - lookbackMs` count.
 */
// SQL: "no later success" as NOT EXISTS, answered from the index alone; one entry per activity and target
export async function listFailures(db: Queryable, now: Date = new Date(), opts: { lookbackMs?: number; limit?: number } = {}): Promise<Failure[]> {
  const since = new Date(now.getTime() - (opts.lookbackMs ?? FAILURE_LOOKBACK_MS));
  const { rows } = await db.query<{
    target: string;
    activity: string | null;
    order_id: string | null;
    order_line_id: string | null;
    instance_id: string | null;
    attempts: number;
    first_at: Date;
    last_at: Date;
    last_call_id: string;
    result_code: string | null;
    result_msg: string | null;
    test_flag: boolean;
    v1: boolean;
  }>(
    `WITH f AS (
       SELECT c.id, c.created_at, c.activity, c.order_id, c.order_line_id, c.instance_id, c.result_code, c.result_msg, c.test_flag,
              ${V1_CALL('c')} AS v1,
              CASE WHEN c.order_id IS NOT NULL THEN 'order:' || c.order_id || '/' || COALESCE(c.order_line_id, '')
                   WHEN c.instance_id IS NOT NULL THEN 'instance:' || c.instance_id
                   ELSE 'call:' || c.id END AS target
         FROM call c
        WHERE c.direction = 'inbound' AND NOT c.success AND c.signature_verdict = 'valid'
          -- no upper bound at "now": created_at is rounded to the millisecond (up, too), so a call stored in the same
          -- millisecond as the caller's clock reading could otherwise fall out of the list
          AND c.created_at >= $1
          -- two plain-equality probes (one per kind of target) so each can use an index
          AND NOT EXISTS (
            SELECT 1 FROM call s
             WHERE c.order_id IS NOT NULL AND s.order_id = c.order_id AND s.activity = c.activity
               AND (s.order_line_id = c.order_line_id OR (c.order_line_id IS NULL AND s.order_line_id IS NULL))
               AND s.direction = 'inbound' AND s.success AND (s.created_at, s.id) > (c.created_at, c.id))
          AND NOT EXISTS (
            SELECT 1 FROM call s
             WHERE c.order_id IS NULL AND s.instance_id = c.instance_id AND s.activity = c.activity
               AND s.direction = 'inbound' AND s.success AND (s.created_at, s.id) > (c.created_at, c.id))
     )
     SELECT target, activity, max(order_id) AS order_id, max(order_line_id) AS order_line_id, max(instance_id) AS instance_id,
            count(*)::int AS attempts, min(created_at) AS first_at, max(created_at) AS last_at,
            (array_agg(id::text ORDER BY created_at DESC, id DESC))[1] AS last_call_id,
            (array_agg(result_code ORDER BY created_at DESC, id DESC))[1] AS result_code,
            (array_agg(result_msg ORDER BY created_at DESC, id DESC))[1] AS result_msg,
            bool_or(test_flag) AS test_flag, bool_or(v1) AS v1
       FROM f GROUP BY target, activity
      ORDER BY min(created_at)
      LIMIT $2`,
    [since, opts.limit ?? 500],
  );
  const failures = rows.map((r): Failure => {
    const w = retryWindowFor(r.activity);
    const deadline = w ? new Date(r.first_at.getTime() + w.ms) : null;
    return {
      target: r.target,
      activity: r.activity,
      orderId: r.order_id,
      orderLineId: r.order_line_id,
      instanceId: r.instance_id,
      attempts: r.attempts,
      firstFailureAt: r.first_at.toISOString(),
      lastFailureAt: r.last_at.toISOString(),
      lastCallId: r.last_call_id,
      resultCode: r.result_code,
      resultMsg: r.result_msg,
      testFlag: r.test_flag,
      v1: r.v1,
      retryWindowMs: w?.ms ?? null,
      afterwards: w?.afterwards ?? null,
      deadline: deadline?.toISOString() ?? null,
      open: deadline !== null && deadline.getTime() > now.getTime(),
    };
  });
  return failures.sort((a, b) => {
    if (a.deadline && b.deadline) return a.deadline.localeCompare(b.deadline);
    if (a.deadline) return -1;
    if (b.deadline) return 1;
    return b.lastFailureAt.localeCompare(a.lastFailureAt);
  });
}

export interface Attempt {
  id: string;
  createdAt: Date;
  success: boolean;
  resultCode: string | null;
  triggeredBy: string | null;
}

/** The manual re-invocations of a call, oldest first, and the call this one re-invoked (if it is one). */
export async function attemptsOf(prisma: PrismaClient, callId: string): Promise<{ attempts: Attempt[]; original: { id: string; triggeredBy: string | null } | null }> {
  if (!/^\d{1,18}$/.test(callId)) return { attempts: [], original: null };
  const id = BigInt(callId);
  const [children, self] = await Promise.all([
    prisma.call.findMany({
      where: { reinvokedFrom: id },
      orderBy: { id: 'asc' },
      select: { id: true, createdAt: true, success: true, resultCode: true, triggeredBy: true },
    }),
    prisma.call.findUnique({ where: { id }, select: { reinvokedFrom: true, triggeredBy: true } }),
  ]);
  return {
    attempts: children.map((c) => ({ ...c, id: c.id.toString() })),
    original: self?.reinvokedFrom ? { id: self.reinvokedFrom.toString(), triggeredBy: self.triggeredBy } : null,
  };
}

/** A call as its console page shows it: the call, its re-invocations, the call it re-invoked, and whether it can be now. */
export interface CallView extends CallDetail {
  attempts: AttemptSummary[];
  original: { id: string; triggeredBy: string | null } | null;
  /** why it cannot be re-invoked now (lib/calls/reinvoke.ts), null when it can */
  reinvokeRefusal: RefusalCode | null;
}

/** An attempt, JSON-safe. */
export type AttemptSummary = Omit<Attempt, 'createdAt'> & { createdAt: string };

/** One call with what its page shows; null when unknown. For the page's first paint and GET /api/console/calls/:id; `maskPersonal` for viewers. */
export async function getCallView(db: Db, id: string, opts: { maskPersonal?: boolean } = {}): Promise<CallView | null> {
  const [found, { attempts, original }, code] = await Promise.all([getCall(db.pool, id), attemptsOf(db.prisma, id), reinvokeRefusal(db.pool, id)]);
  if (!found) return null;
  // viewers do not see a buyer's e-mail or mobile (issue 9) or licence code (issue 10); support and admins do, to
  // answer the buyer
  const call = opts.maskPersonal
    ? {
        ...found,
        requestBody: redactBody(found.requestBody, Infinity, isViewerMaskedName),
        responseBody: redactBody(found.responseBody, Infinity, isViewerMaskedName),
        // a V1 call carries its fields in the query (spec §4.4)
        url: maskPersonalUrl(found.url),
        query: maskPersonalQuery(found.query),
      }
    : found;
  return { ...call, attempts: attempts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })), original, reinvokeRefusal: code ?? null };
}
