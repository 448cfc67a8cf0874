import type { Queryable } from '../db/client';
import { log, mask } from '../log';

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
}

const SECRET_FIELD = /^(password|adminPassword|clientSecret|secret|sk|accessKey|key|token|authToken)$/i;
const SECRET_HEADER = /^(authorization|cookie|x-sign|webhook-signature|signature|x-api-key)$/i;
const MAX_BODY = 64 * 1024;

/** Masks secret-looking fields anywhere in a JSON body; non-JSON bodies are kept as they are (truncated). */
export function redactBody(body: string | null | undefined): string | null {
  if (body === null || body === undefined) return null;
  let out = body;
  try {
    const parsed = JSON.parse(body);
    out = JSON.stringify(redactJson(parsed));
  } catch {
    // not JSON: stored as received
  }
  return out.length > MAX_BODY ? out.slice(0, MAX_BODY) + `…[truncated ${out.length - MAX_BODY} chars]` : out;
}

function redactJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactJson);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    // a secret field is masked whatever its type (number, object, array), unless it is empty
    for (const [k, x] of Object.entries(v)) o[k] = SECRET_FIELD.test(k) && x !== null && x !== '' ? '***' : redactJson(x);
    return o;
  }
  return v;
}

export function redactHeaders(headers: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!headers) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (/^authorization$/i.test(k) && v.startsWith('SDK-HMAC-SHA256')) {
      // keep which AK signed it (masked) and which headers, never the signature
      out[k] = v.replace(/Access=([^,]+)/, (_, ak: string) => `Access=${mask(ak)}`).replace(/Signature=[0-9a-fA-F]+/, 'Signature=***');
    } else out[k] = SECRET_HEADER.test(k) ? mask(v) : v;
  }
  return out;
}

/** The request signature is a one-time MAC, not a key; it is still shortened so it cannot be replayed from the log. */
export function redactQuery(query: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!query) return null;
  const out: Record<string, unknown> = { ...query };
  for (const [k, v] of Object.entries(out)) if (/^(signature|authtoken)$/i.test(k) && typeof v === 'string') out[k] = mask(v);
  return out;
}

/** The same masking for the query string inside a stored URL (the path the call came to, or went to). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:signature|authtoken)=)([^&#]*)/gi, (_, k: string, v: string) => {
    let raw = v;
    try {
      raw = decodeURIComponent(v);
    } catch {
      // keep as received
    }
    if (raw.endsWith('***')) return k + v; // masked already (idempotent: the read side applies it again)
    return k + encodeURIComponent(mask(raw));
  });
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
] as const;

const JSON_COLUMNS = new Set(['query', 'request_headers']);

/** One statement for any number of rows (so it can be a named prepared statement): one array per column. */
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

const INSERT_BATCH = `INSERT INTO call (${COLUMNS.map(([c]) => c).join(', ')})
  SELECT COALESCE(u.id, nextval(pg_get_serial_sequence('call', 'id'))),
         ${COLUMNS.slice(1)
           .map(([c]) => SELECTED[c] ?? (JSON_COLUMNS.has(c) ? `u.${c}::jsonb` : `u.${c}`))
           .join(', ')}
    FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) AS u(${COLUMNS.map(([c]) => c).join(', ')})`;

function toRow(c: CallRecord): unknown[] {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return [
    c.id?.toString() ?? null,
    c.direction,
    c.activity?.slice(0, 64) ?? null,
    c.orderId?.slice(0, 64) ?? null,
    c.orderLineId?.slice(0, 64) ?? null,
    c.instanceId?.slice(0, 64) ?? null,
    c.signatureVerdict ?? null,
    c.signatureDetail?.slice(0, 128) ?? null,
    c.method,
    redactUrl(c.url),
    json(redactQuery(c.query)),
    json(redactHeaders(c.requestHeaders)),
    redactBody(c.requestBody),
    c.responseStatus ?? null,
    redactBody(c.responseBody),
    c.resultCode?.slice(0, 16) ?? null,
    c.resultMsg ?? null,
    c.success,
    Math.max(0, Math.round(c.durationMs)),
    c.testFlag ?? false,
    c.clientAddress?.slice(0, 64) ?? null,
    c.error ?? null,
    c.jobId ?? null,
    c.reinvokedFrom?.toString() ?? null,
    c.triggeredBy?.slice(0, 255) ?? null,
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
export async function reserveCallId(db: Queryable): Promise<bigint> {
  const { rows } = await db.query<{ id: string }>({ name: 'calls.reserve', text: `SELECT nextval(pg_get_serial_sequence('call', 'id')) AS id` });
  return BigInt(rows[0]!.id);
}
