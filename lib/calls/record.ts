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

export async function recordCall(db: Queryable, c: CallRecord): Promise<bigint | null> {
  try {
    const { rows } = await db.query<{ id: string }>({
      name: 'calls.record', // named: parsed and planned once per connection, this runs on every call
      text: `INSERT INTO call (id, direction, activity, order_id, order_line_id, instance_id, signature_verdict, signature_detail,
         method, url, query, request_headers, request_body, response_status, response_body, result_code, result_msg,
         success, duration_ms, test_flag, client_address, error, job_id)
       VALUES (COALESCE($1, nextval(pg_get_serial_sequence('call', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       RETURNING id`,
      values: [
        c.id ?? null,
        c.direction,
        c.activity?.slice(0, 64) ?? null,
        c.orderId?.slice(0, 64) ?? null,
        c.orderLineId?.slice(0, 64) ?? null,
        c.instanceId?.slice(0, 64) ?? null,
        c.signatureVerdict ?? null,
        c.signatureDetail?.slice(0, 128) ?? null,
        c.method,
        c.url,
        redactQuery(c.query),
        redactHeaders(c.requestHeaders),
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
      ],
    });
    return BigInt(rows[0]!.id);
  } catch (err) {
    // Losing a log line must never turn a correct answer into a failure; say so loudly instead.
    log.error('call log write failed', { err, activity: c.activity, direction: c.direction });
    return null;
  }
}

/** Reserves a call id up front so that jobs enqueued while handling the call can link to it. */
export async function reserveCallId(db: Queryable): Promise<bigint> {
  const { rows } = await db.query<{ id: string }>({ name: 'calls.reserve', text: `SELECT nextval(pg_get_serial_sequence('call', 'id')) AS id` });
  return BigInt(rows[0]!.id);
}
