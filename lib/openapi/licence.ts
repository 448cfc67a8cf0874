import { parseMarketplaceTime } from '../marketplace/time';
import { answerCode, callOpenApi, OpenApiError, type CallOptions, type OpenApiTarget } from './client';
import { LICENCE_ACTIVATE_PATHS, LICENCE_HEARTBEAT_PATHS, LICENCE_OK } from './types';

/**
 * The marketplace's licence-code open APIs (spec §9.1, CN:zh-cn_topic_0070649244 / 0070649245): activate and
 * heartbeat, through the one outbound client (AK/SK, retried on 5xx and network errors, every request in the call
 * log). Success is `error_code` 92020000 with `data.license_code_info`, a JSON string
 * `{"status":"ALIVE","expire_time":…,"product_id":…,"amount":…,"order_id":…}`; any other code in an answer is the
 * marketplace's verdict on the code (91381033 "License resource invalid"), not a fault.
 *
 * Paths: the digest gives `…/global/v1/license/…` and names a v2 variant. v1 is asked first; an HTTP 404 (the
 * gateway's "API does not exist", APIGW.0101) moves to v2, and the path that answered is remembered for the rest of
 * the process, so a marketplace that has retired v1 costs one extra request per process, not per call.
 */

/** What the marketplace says of a code. Times are parsed leniently (the pages show no example) [inferred]. */
export interface LicenceCodeInfo {
  /** ALIVE | EXPIRED | RELEASED (or another word of the marketplace's, kept as it is), upper case */
  status: string;
  expireTime: Date | null;
  activateTime: Date | null;
  productId: string | null;
  /** as a decimal string */
  amount: string | null;
  orderId: string | null;
  orderLineId: string | null;
}

export type LicenceAnswer =
  | { kind: 'info'; info: LicenceCodeInfo; callId: string }
  /** the marketplace refused the code: its code and message */
  | { kind: 'refused'; code: string; message: string; callId: string };

type Version = keyof typeof LICENCE_ACTIVATE_PATHS;
let preferred: Version = 'v1';

/** For tests: forget which path answered. */
export function resetLicencePathChoice(): void {
  preferred = 'v1';
}

/**
 * A time of the licence APIs: epoch milliseconds (13 digits) or seconds (10), as a number or a string; UTC
 * `yyyyMMddHHmmss[SSS]`; `yyyy-MM-dd HH:mm:ss` with an optional ` z`/`Z` (getLicenseAsync's documented form, read as
 * UTC); or ISO 8601. Undefined for anything else.
 */
export function parseLicenceTime(v: unknown): Date | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v < 1e11 ? v * 1000 : v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d{13}$/.test(s)) return new Date(Number(s));
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000);
  if (/^\d{14}(\d{3})?$/.test(s)) return parseMarketplaceTime(s);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?\s*([zZ])?$/.exec(s);
  if (m) {
    const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? Math.round(Number(m[7]) * 1000) : 0));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** `data.license_code_info` (a JSON string; an object is accepted too), in snake_case or camelCase; undefined without a status. */
export function parseLicenceCodeInfo(data: unknown): LicenceCodeInfo | undefined {
  const d = data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  let raw: unknown = d?.license_code_info ?? d?.licenseCodeInfo ?? d;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const pick = (...names: string[]) => names.map((n) => o[n]).find((v) => v !== undefined);
  const time = (...names: string[]) => parseLicenceTime(pick(...names)) ?? null;
  const amount = pick('amount');
  // an answer that does not say the code's status says nothing a verdict could rest on
  const status = str(pick('status'))?.toUpperCase();
  if (!status) return undefined;
  return {
    status,
    expireTime: time('expire_time', 'expireTime'),
    activateTime: time('activate_time', 'activateTime'),
    productId: str(pick('product_id', 'productId')),
    amount: typeof amount === 'number' || (typeof amount === 'string' && /^\d+(\.\d+)?$/.test(amount)) ? String(amount) : null,
    orderId: str(pick('order_id', 'orderId')),
    orderLineId: str(pick('order_line_id', 'orderLineId')),
  };
}

/**
 * What an answer of the licence APIs means. 200 with 92020000: the code's info. Another code in a 200 or a 4xx that
 * is not the gateway's (APIGW.*) and not about our credentials: the marketplace's verdict on the code. 404: the path
 * does not exist (the caller tries the other version). 5xx and 429: retried.
 */
export function classifyLicenceAnswer(
  status: number,
  parsed: Record<string, unknown> | undefined,
): { ok: true; value: Omit<Extract<LicenceAnswer, { kind: 'info' }>, 'callId'> | Omit<Extract<LicenceAnswer, { kind: 'refused' }>, 'callId'> } | { ok: false; retryable: boolean; error: string } {
  const { code, msg } = answerCode(parsed);
  const retryable = status >= 500 || status === 429;
  const error = `HTTP ${status}: ${code ?? ''} ${msg ?? ''}`.trim();
  if (status === 200 && code === LICENCE_OK) {
    const info = parseLicenceCodeInfo(parsed?.data);
    if (!info) return { ok: false, retryable: false, error: `${error}: data.license_code_info is missing or not JSON` };
    return { ok: true, value: { kind: 'info', info } };
  }
  const gateway = !code || code.startsWith('APIGW.');
  if (!retryable && status !== 404 && status !== 401 && status !== 403 && !gateway && (status === 200 || (status >= 400 && status < 500))) {
    return { ok: true, value: { kind: 'refused', code: code!, message: msg ?? '' } };
  }
  return { ok: false, retryable, error };
}

async function callLicenceApi(
  target: OpenApiTarget,
  api: 'licenceActivate' | 'licenceHeartbeat',
  body: Record<string, unknown>,
  opts: CallOptions,
): Promise<LicenceAnswer> {
  const paths = api === 'licenceActivate' ? LICENCE_ACTIVATE_PATHS : LICENCE_HEARTBEAT_PATHS;
  const first = preferred;
  const order: Version[] = first === 'v1' ? ['v1', 'v2'] : ['v2', 'v1'];
  const text = JSON.stringify(body);
  let notFound: OpenApiError | undefined;
  for (const version of order) {
    try {
      const { value, callId } = await callOpenApi(
        target,
        {
          activity: api,
          method: 'POST',
          path: paths[version],
          body: text,
          label: `licence ${api === 'licenceActivate' ? 'activate' : 'heartbeat'} (${version})`,
          classify: classifyLicenceAnswer,
        },
        opts,
      );
      preferred = version;
      return { ...value, callId } as LicenceAnswer;
    } catch (err) {
      if (err instanceof OpenApiError && err.status === 404) {
        notFound = err;
        continue;
      }
      throw err;
    }
  }
  throw notFound!;
}

/** spec §9.1 activate: `{"license", "real_effect_time"}`. */
export function activateLicenceCode(target: OpenApiTarget, license: string, realEffectTime: string | undefined, opts: CallOptions): Promise<LicenceAnswer> {
  return callLicenceApi(target, 'licenceActivate', { license, ...(realEffectTime ? { real_effect_time: realEffectTime } : {}) }, opts);
}

/** spec §9.1 heartbeat / query: `{"license", "heartbeatInfo"}`. */
export function heartbeatLicenceCode(target: OpenApiTarget, license: string, heartbeatInfo: string | undefined, opts: CallOptions): Promise<LicenceAnswer> {
  return callLicenceApi(target, 'licenceHeartbeat', { license, ...(heartbeatInfo ? { heartbeatInfo } : {}) }, opts);
}
