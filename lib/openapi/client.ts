import type pg from 'pg';
import { recordCall } from '../calls/actions';
import { signApiRequest } from './aksk';
import { QUERY_ORDER_PATH, type OrderInfo, type QueryOrderResponse } from './types';

/**
 * Outbound calls to the marketplace open APIs (spec §3.11), signed with AK/SK and recorded in the call log.
 */
export interface OpenApiTarget {
  base: string;
  ak?: string;
  sk?: string;
}

export class OpenApiError extends Error {
  constructor(
    message: string,
    /** false when retrying cannot help (unknown order, refused credentials) */
    readonly retryable: boolean,
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

/** spec §3.11: if mkt.myhuaweicloud.com is unreachable, retry on mkt.myhuaweicloud.cn. */
function hostsFor(base: string): string[] {
  return base === 'https://mkt.myhuaweicloud.com' ? [base, 'https://mkt.myhuaweicloud.cn'] : [base];
}

export async function queryOrder(
  target: OpenApiTarget,
  orderId: string,
  orderLineId: string | undefined,
  opts: CallOptions,
): Promise<OrderInfo> {
  if (!target.ak || !target.sk) {
    throw new OpenApiError('HUAWEICLOUD_AK / HUAWEICLOUD_SK are not configured: cannot query the order', false);
  }
  const attempts = opts.attempts ?? 3;
  let backoff = opts.backoffMs ?? 300;
  let lastError: OpenApiError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    for (const host of hostsFor(target.base)) {
      const url = new URL(host + QUERY_ORDER_PATH);
      url.searchParams.set('orderId', orderId);
      if (orderLineId) url.searchParams.set('orderLineId', orderLineId);
      try {
        return await queryOnce(target, url.toString(), orderId, orderLineId, opts);
      } catch (err) {
        lastError = err instanceof OpenApiError ? err : new OpenApiError((err as Error).message, true);
        if (!lastError.retryable) throw lastError;
        // a network failure moves on to the fallback host; an HTTP answer does not
        if (!(err as { network?: boolean }).network) break;
      }
    }
    if (attempt < attempts) {
      await sleep(backoff);
      backoff *= 2;
    }
  }
  throw lastError ?? new OpenApiError('Query Order failed', true);
}

async function queryOnce(
  target: OpenApiTarget,
  url: string,
  orderId: string,
  orderLineId: string | undefined,
  opts: CallOptions,
): Promise<OrderInfo> {
  const { headers } = signApiRequest({ ak: target.ak!, sk: target.sk!, method: 'GET', url });
  const started = performance.now();
  let status: number | undefined;
  let text: string | undefined;
  let error: string | undefined;
  let parsed: QueryOrderResponse | undefined;
  try {
    const res = await fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
    status = res.status;
    text = await res.text();
    try {
      parsed = JSON.parse(text) as QueryOrderResponse;
    } catch {
      error = `answer is not JSON (HTTP ${status})`;
    }
  } catch (err) {
    error = `network error: ${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message}`;
  }
  const ok = status === 200 && parsed?.resultCode === 'MKT.0000' && !!parsed.orderInfo;
  if (!ok && !error) {
    error = `HTTP ${status}: ${parsed?.resultCode ?? ''} ${parsed?.resultMsg ?? (parsed as { error_msg?: string })?.error_msg ?? ''}`.trim();
  }
  await recordCall(opts.db, {
    direction: 'outbound',
    activity: 'queryOrder',
    orderId,
    orderLineId,
    instanceId: opts.instanceId,
    signatureVerdict: 'not_applicable',
    method: 'GET',
    url,
    query: Object.fromEntries(new URL(url).searchParams),
    requestHeaders: headers,
    responseStatus: status,
    responseBody: text,
    resultCode: parsed?.resultCode ?? (parsed as { error_code?: string })?.error_code,
    resultMsg: parsed?.resultMsg ?? (parsed as { error_msg?: string })?.error_msg,
    success: ok,
    durationMs: performance.now() - started,
    testFlag: opts.testFlag,
    error,
    jobId: opts.jobId,
  });
  if (ok) return parsed!.orderInfo!;
  const e = new OpenApiError(`Query Order ${orderId}: ${error}`, status === undefined || status >= 500 || status === 429);
  if (status === undefined) (e as { network?: boolean }).network = true;
  throw e;
}
