import type pg from 'pg';
import { recordCall, reserveCallId } from '../calls/actions';
import { signApiRequest } from './aksk';
import type { MultipartBody } from './multipart';
import { QUERY_ORDER_PATH, type OrderInfo, type QueryOrderResponse } from './types';
import { throughBreaker, type BreakerApi } from './breaker';

/**
 * The one outbound client of the marketplace open APIs (spec §3.11 Query Order, §8.1 usage push, §9.1 licence codes,
 * §9.2 the licence upload): every request signed
 * with AK/SK, retried with backoff, moved to the fallback host on a network failure, and recorded in the call log, one
 * entry per HTTP request. Each API says what its answer means (`classify`); the path is shared.
 */
export interface OpenApiTarget {
  base: string;
  ak?: string;
  sk?: string;
}

export class OpenApiError extends Error {
  constructor(
    message: string,
    /** false when retrying cannot help (unknown order, refused credentials, a 4xx answer) */
    readonly retryable: boolean,
    /** the answer's HTTP status and code, when there was an answer */
    readonly status?: number,
    readonly code?: string,
    /** HTTP requests made before giving up */
    readonly attempts = 1,
    /** the call-log entry of the last request */
    readonly callId?: string,
  ) {
    super(message);
  }
}

export interface CallOptions {
  db: pg.Pool;
  jobId?: string;
  instanceId?: string;
  testFlag?: boolean;
  /** attempts inside this call before giving up to the job's own retry (default 3) */
  attempts?: number;
  /** first backoff in ms, doubled each time (default 300) */
  backoffMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The breaker an open API's calls go through: the licence APIs share one (one service behind them). */
export function breakerApiOf(activity: OpenApiRequest<unknown>['activity']): BreakerApi {
  return activity === 'queryOrder' || activity === 'usagePush' ? activity : 'licence';
}

/** spec §3.11: if mkt.myhuaweicloud.com is unreachable, retry on mkt.myhuaweicloud.cn. */
function hostsFor(base: string): string[] {
  return base === 'https://mkt.myhuaweicloud.com' ? [base, 'https://mkt.myhuaweicloud.cn'] : [base];
}

/** One request of an open API, as the shared path sends and records it. */
export interface OpenApiRequest<T> {
  activity: 'queryOrder' | 'usagePush' | 'licenceActivate' | 'licenceHeartbeat' | 'licenceUpload';
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  /** the exact bytes to send (a JSON text), which the AK/SK signature covers */
  body?: string;
  /**
   * A multipart/form-data body instead (the licence upload, spec §9.2), signed as the official SDK signs one
   * (lib/openapi/aksk.ts: UNSIGNED-PAYLOAD, content-type not signed). `logged` is what the call log keeps of it (a
   * licence is the buyer's asset: not stored whole in the log).
   */
  form?: { body: MultipartBody; logged: string };
  /** further headers, made for each attempt (the usage push's body signature has a fresh ts and nonce each time) */
  headers?: () => Record<string, string>;
  orderId?: string;
  orderLineId?: string;
  /** what the answer means: the value on success, or why not and whether a retry can help */
  classify(status: number, parsed: Record<string, unknown> | undefined): { ok: true; value: T } | { ok: false; retryable: boolean; error: string };
  /** for the messages: "Query Order X", "usage push" */
  label: string;
}

/** The answer's code and message in either shape the open APIs use (resultCode/resultMsg, error_code/error_msg). */
export function answerCode(parsed: Record<string, unknown> | undefined): { code?: string; msg?: string } {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { code: str(parsed?.resultCode) ?? str(parsed?.error_code), msg: str(parsed?.resultMsg) ?? str(parsed?.error_msg) };
}

/** Sends `req` with retries; resolves with the classified value and the call id of the successful request. */
export async function callOpenApi<T>(target: OpenApiTarget, req: OpenApiRequest<T>, opts: CallOptions): Promise<{ value: T; callId: string; attempts: number }> {
  if (!target.ak || !target.sk) {
    throw new OpenApiError(`HUAWEICLOUD_AK / HUAWEICLOUD_SK are not configured: cannot call ${req.label}`, false, undefined, undefined, 0);
  }
  const attempts = opts.attempts ?? 3;
  let backoff = opts.backoffMs ?? 300;
  let lastError: OpenApiError | undefined;
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    for (const host of hostsFor(target.base)) {
      const url = new URL(host + req.path);
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, v);
      made++;
      // an open breaker refuses the call before anything is sent (CircuitOpenError, lib/openapi/breaker.ts)
      const once = await throughBreaker(breakerApiOf(req.activity), () => requestOnce(target, url.toString(), req, opts), (o) =>
        o.ok ? { retryableFailure: false } : { retryableFailure: o.retryable, reason: o.error },
      );
      if (once.ok) return { value: once.value, callId: once.callId, attempts: made };
      lastError = new OpenApiError(`${req.label}: ${once.error}`, once.retryable, once.status, once.code, made, once.callId);
      if (!once.retryable) throw lastError;
      // a network failure moves on to the fallback host; an HTTP answer does not
      if (once.status !== undefined) break;
    }
    if (attempt < attempts) {
      await sleep(backoff);
      backoff *= 2;
    }
  }
  throw lastError ?? new OpenApiError(`${req.label} failed`, true, undefined, undefined, made);
}

type Once<T> =
  | { ok: true; value: T; callId: string }
  | { ok: false; retryable: boolean; error: string; status?: number; code?: string; callId: string };

async function requestOnce<T>(target: OpenApiTarget, url: string, req: OpenApiRequest<T>, opts: CallOptions): Promise<Once<T>> {
  const signed = signApiRequest({ ak: target.ak!, sk: target.sk!, method: req.method, url, body: req.body, headers: req.headers?.(), multipart: req.form !== undefined });
  // a form goes with its own content type, boundary included, which the signature leaves out
  const headers = req.form ? { ...signed.headers, 'content-type': req.form.body.contentType } : signed.headers;
  const sent: BodyInit | undefined = req.form ? new Uint8Array(req.form.body.bytes) : req.body;
  const callId = (await reserveCallId(opts.db)).toString();
  const started = performance.now();
  let status: number | undefined;
  let text: string | undefined;
  let error: string | undefined;
  let parsed: Record<string, unknown> | undefined;
  let verdict: ReturnType<OpenApiRequest<T>['classify']> | undefined;
  try {
    const res = await fetch(url, { method: req.method, headers, body: sent, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
    status = res.status;
    text = await res.text();
    try {
      const v = JSON.parse(text) as unknown;
      parsed = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      // classified below with no parsed answer
    }
    verdict = req.classify(status, parsed);
    if (!verdict.ok) error = parsed ? verdict.error : `answer is not JSON (HTTP ${status})`;
  } catch (err) {
    error = `network error: ${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message}`;
  }
  const { code, msg } = answerCode(parsed);
  await recordCall(opts.db, {
    id: callId,
    direction: 'outbound',
    activity: req.activity,
    orderId: req.orderId,
    orderLineId: req.orderLineId,
    instanceId: opts.instanceId,
    signatureVerdict: 'not_applicable',
    method: req.method,
    url,
    query: Object.fromEntries(new URL(url).searchParams),
    requestHeaders: headers,
    requestBody: req.form ? req.form.logged : req.body,
    responseStatus: status,
    responseBody: text,
    resultCode: code,
    resultMsg: msg,
    success: verdict?.ok === true,
    durationMs: performance.now() - started,
    testFlag: opts.testFlag,
    error,
    jobId: opts.jobId,
  });
  if (verdict?.ok) return { ok: true, value: verdict.value, callId };
  // no answer at all (network) or no JSON in it: a retry may help
  const retryable = verdict && parsed ? verdict.retryable : status === undefined || status >= 500 || status === 429;
  return { ok: false, retryable, error: error ?? 'failed', status, code, callId };
}

/** spec §3.11 Query Order. Any resultCode but MKT.0000 means "no order"; only 5xx, 429 and no answer are retried. */
export async function queryOrder(
  target: OpenApiTarget,
  orderId: string,
  orderLineId: string | undefined,
  opts: CallOptions,
): Promise<OrderInfo> {
  const { value } = await callOpenApi<OrderInfo>(
    target,
    {
      activity: 'queryOrder',
      method: 'GET',
      path: QUERY_ORDER_PATH,
      query: { orderId, orderLineId },
      orderId,
      orderLineId,
      label: `Query Order ${orderId}`,
      classify: (status, parsed) => {
        const answer = parsed as QueryOrderResponse | undefined;
        if (status === 200 && answer?.resultCode === 'MKT.0000' && answer.orderInfo) return { ok: true, value: answer.orderInfo };
        const { code, msg } = answerCode(parsed);
        return { ok: false, retryable: status >= 500 || status === 429, error: `HTTP ${status}: ${code ?? ''} ${msg ?? ''}`.trim() };
      },
    },
    opts,
  );
  return value;
}
