import type { Queryable } from '../db/client';
import { log } from '../log';
import { define, redactBody, redactHeaders, redactQuery, redactUrl } from '../redact';

/**
 * The one module that writes the call log (house style 6): inbound production-interface calls, rejected ones too,
 * and outbound calls (Query Order, webhook provisioner), in one shape. Secrets are redacted before they are stored.
 */
export interface CallRecord {
  id?: bigint | string;
  direction: 'inbound' | 'outbound';
  activity?: string | null;
  orderId?: string | null;
  orderLineId?: string | null;
  instanceId?: string | null;
  signatureVerdict?: string | null;
  signatureDetail?: string | null;
  method: string;
  url: string;
  query?: Record<string, unknown> | null;
  requestHeaders?: Record<string, string> | null;
  requestBody?: string | null;
  responseStatus?: number | null;
  responseBody?: string | null;
  resultCode?: string | null;
  resultMsg?: string | null;
  success: boolean;
  durationMs: number;
  testFlag?: boolean;
  clientAddress?: string | null;
  error?: string | null;
  jobId?: string | null;
  /** a manual re-invocation: the call it ran again, and who triggered it */
  reinvokedFrom?: bigint | string | null;
  triggeredBy?: string | null;
  /** kit interfaces (spec §3.12): the buyer's tenant and IdP application */
  tenantId?: string | null;
  appId?: string | null;
}

/** The columns of `call`, in the order of the batch insert below, with their PostgreSQL array types. */
const COLUMNS = [
  ['id', 'bigint'],
  ['direction', 'text'],
  ['activity', 'text'],
  ['order_id', 'text'],
  ['order_line_id', 'text'],
  ['instance_id', 'text'],
  ['signature_verdict', 'text'],
  ['signature_detail', 'text'],
  ['method', 'text'],
  ['url', 'text'],
  ['query', 'text'],
  ['request_headers', 'text'],
  ['request_body', 'text'],
  ['response_status', 'int'],
  ['response_body', 'text'],
  ['result_code', 'text'],
  ['result_msg', 'text'],
  ['success', 'bool'],
  ['duration_ms', 'int'],
  ['test_flag', 'bool'],
  ['client_address', 'text'],
  ['error', 'text'],
  ['job_id', 'text'],
  ['reinvoked_from', 'bigint'],
  ['triggered_by', 'text'],
  ['tenant_id', 'text'],
  ['app_id', 'text'],
] as const;

const JSON_COLUMNS = new Set(['query', 'request_headers']);

/**
 * An outbound call made by a job that re-runs a failed call's job (lib/calls/reinvoke.ts) is an attempt of that call
 * when it has the same activity: linked to it, with who triggered the re-run.
 */
const REINVOKE_MARK = (field: 'callId' | 'by', cast: string) =>
  `(SELECT (j.data->'reinvoke'->>'${field}')::${cast} FROM job j
     WHERE u.job_id IS NOT NULL AND j.id = u.job_id AND j.data->'reinvoke'->>'activity' IS NOT DISTINCT FROM u.activity)`;
const SELECTED: Record<string, string> = {
  reinvoked_from: `COALESCE(u.reinvoked_from, ${REINVOKE_MARK('callId', 'bigint')})`,
  triggered_by: `COALESCE(u.triggered_by, ${REINVOKE_MARK('by', 'text')})`,
};

/** One statement for any number of rows (so it can be a named prepared statement): one array per column. */
// SQL: produce hot path, measured (README "Measured"): a named batch INSERT … unnest, many calls per round trip
const INSERT_BATCH = `INSERT INTO call (${COLUMNS.map(([c]) => c).join(', ')})
  SELECT COALESCE(u.id, nextval(pg_get_serial_sequence('call', 'id'))),
         ${COLUMNS.slice(1)
           .map(([c]) => SELECTED[c] ?? (JSON_COLUMNS.has(c) ? `u.${c}::jsonb` : `u.${c}`))
           .join(', ')}
    FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) AS u(${COLUMNS.map(([c]) => c).join(', ')})`;

/**
 * PostgreSQL's text and jsonb cannot hold U+0000 (nor jsonb a lone surrogate): such a character is stored as the six
 * characters `\u0000` (a lone surrogate as U+FFFD), so a call carrying one is logged, not lost (issue 6).
 */
export function pgText(s: string): string;
export function pgText(s: string | null | undefined): string | null;
export function pgText(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return s.includes('\u0000') ? s.replace(/\u0000/g, '\\u0000') : s;
}

/** JSON for a jsonb column: every key and string made storable (iterative; values here are flat records). */
function pgJson(v: Record<string, unknown> | null): string | null {
  if (v === null) return null;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) define(out, wellFormed(pgText(k)), typeof x === 'string' ? wellFormed(pgText(x)) : x);
  return JSON.stringify(out);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

function toRow(c: CallRecord): unknown[] {
  const text = (v: string | null | undefined, max?: number) => {
    const t = pgText(v);
    return t === null ? null : max === undefined ? t : t.slice(0, max);
  };
  return [
    c.id?.toString() ?? null,
    c.direction,
    text(c.activity, 64),
    text(c.orderId, 64),
    text(c.orderLineId, 64),
    text(c.instanceId, 64),
    c.signatureVerdict ?? null,
    text(c.signatureDetail, 128),
    text(c.method, 16),
    text(redactUrl(c.url)),
    pgJson(redactQuery(c.query)),
    pgJson(redactHeaders(c.requestHeaders)),
    text(redactBody(c.requestBody)),
    c.responseStatus ?? null,
    text(redactBody(c.responseBody)),
    text(c.resultCode, 16),
    text(c.resultMsg),
    c.success,
    Math.max(0, Math.round(c.durationMs)),
    c.testFlag ?? false,
    text(c.clientAddress, 64),
    text(c.error),
    c.jobId ?? null,
    c.reinvokedFrom?.toString() ?? null,
    text(c.triggeredBy, 255),
    text(c.tenantId, 64),
    text(c.appId, 64),
  ];
}

interface Pending {
  row: unknown[];
  done: () => void;
}

/**
 * Group commit: while one insert is in flight, the calls that finish meanwhile wait and go together in the next one.
 * Every caller still waits until its own row is committed (nothing is acknowledged before it is stored); under load
 * one statement stores many calls instead of one each.
 */
class CallLogWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Queryable) {}

  write(c: CallRecord): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ row: toRow(c), done });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.insert(batch);
      } catch (err) {
        // one bad row must not take the others with it: store them one by one
        for (const p of batch.length > 1 ? batch : []) await this.insert([p]).catch(() => this.lost(err, [p]));
        if (batch.length === 1) this.lost(err, batch);
      }
      for (const p of batch) p.done();
    }
    this.flushing = false;
  }

  private async insert(batch: Pending[]): Promise<void> {
    const columns = COLUMNS.map((_, i) => batch.map((p) => p.row[i]));
    await this.db.query({ name: 'calls.recordBatch', text: INSERT_BATCH, values: columns });
  }

  /** Losing a log line must never turn a correct answer into a failure; say so loudly instead. */
  private lost(err: unknown, batch: Pending[]): void {
    log.error('call log write failed', { err, activities: batch.map((p) => p.row[2]) });
  }
}

const writers = new WeakMap<object, CallLogWriter>();

/** Stores one call. Resolves once the row is committed (or its failure logged); never rejects. */
export function recordCall(db: Queryable, c: CallRecord): Promise<void> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new CallLogWriter(db);
    writers.set(db, writer);
  }
  return writer.write(c);
}

/** Reserves a call id up front, so that jobs enqueued while handling the call can link to it. */
// SQL: nextval of the call id's sequence, a named statement on the produce hot path
export async function reserveCallId(db: Queryable): Promise<bigint> {
  const { rows } = await db.query<{ id: string }>({ name: 'calls.reserve', text: `SELECT nextval(pg_get_serial_sequence('call', 'id')) AS id` });
  return BigInt(rows[0]!.id);
}
