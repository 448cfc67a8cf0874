import { randomBytes } from 'node:crypto';
import { sortedCompactJson } from './canonical';
import { interfaceTypeOf } from './names';
import { licenceSignature, v2Signature } from './signature';

/**
 * One marketplace → ISV production-interface call (spec §3.1, §3.2): POST, sorted compact JSON body,
 * `?signature=&timestamp=&nonce=` query, 5 s timeout (spec §7.2).
 */

export type ProduceBody = Record<string, unknown> & { activity: string };

export interface ProduceCallOptions {
  /** the production URL, e.g. http://127.0.0.1:3000/api/produce */
  url: string;
  /** the key bound to the interface type (spec §3.2 accessKey) */
  key: string;
  body: ProduceBody;
  /** sets body.testFlag; "1" marks a debugging call (spec §3.3) */
  testFlag?: '0' | '1';
  /** ms since epoch (default now) */
  timestamp?: string;
  /** default 64 uppercase hex random, as in the spec examples */
  nonce?: string;
  /** default 5000 (spec §7.2) */
  timeoutMs?: number;
}

export interface ProduceCallResult {
  /** HTTP status; 0 when no answer arrived (timeout, connection refused …) */
  status: number;
  /** the parsed answer, when it was JSON */
  json?: unknown;
  rawBody: string;
  /** the answer's headers, names in lower case (empty when no answer arrived) */
  headers: Record<string, string>;
  durationMs: number;
  /** what went wrong at transport level (timeout, connection error) */
  error?: string;
  /**
   * headers: what was sent besides PRODUCE_HEADERS' kind (the kit's x-sign, x-timestamp, x-nonce), when not the
   * default; method: GET for a V1 call (spec §4.1), else POST
   */
  request: { url: string; body: string; curl: string; headers?: Record<string, string>; method?: 'GET' | 'POST' };
}

export const PRODUCE_TIMEOUT_MS = 5000;

/** spec §3.1: the headers the marketplace sends with every call. */
export const PRODUCE_HEADERS: Readonly<Record<string, string>> = { Accept: 'application/json', 'Content-Type': 'application/json;charset=utf8' };

export function randomNonce(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The signed request (URL with query, exact body bytes, equivalent curl). */
export function buildProduceRequest(opts: ProduceCallOptions): { url: string; body: string; curl: string } {
  const body = sortedCompactJson(opts.testFlag !== undefined ? { ...opts.body, testFlag: opts.testFlag } : opts.body);
  const timestamp = opts.timestamp ?? String(Date.now());
  const nonce = opts.nonce ?? randomNonce();
  const u = new URL(opts.url);
  // the licence-code activities are signed in the licence variant (spec §3.2, §9.1), as the marketplace signs them
  const sign = interfaceTypeOf(opts.body.activity) === 'license' ? licenceSignature : v2Signature;
  u.searchParams.set('signature', sign(opts.key, body, nonce, timestamp));
  u.searchParams.set('timestamp', timestamp);
  u.searchParams.set('nonce', nonce);
  const url = u.toString();
  const curl = `curl -X POST ${shellQuote(url)} -H 'Accept:application/json' -H 'Content-Type:application/json;charset=utf8' -d${shellQuote(body)}`;
  return { url, body, curl };
}

/** Sends one signed call. Never throws for HTTP errors or timeouts: they are reported in the result. */
export async function sendProduceCall(opts: ProduceCallOptions): Promise<ProduceCallResult> {
  return postSigned(buildProduceRequest(opts), opts.timeoutMs);
}

/**
 * Sends a signed request as built (POST with the basic interfaces' query signature or the kit's headers; a V1 GET) and
 * reads the answer, within the marketplace's timeout. Never throws: transport failures are reported in the result.
 */
export async function postSigned(request: ProduceCallResult['request'], timeoutMs = PRODUCE_TIMEOUT_MS): Promise<ProduceCallResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const get = request.method === 'GET';
    const res = await fetch(request.url, {
      method: get ? 'GET' : 'POST',
      headers: request.headers ?? (get ? { Accept: 'application/json' } : { ...PRODUCE_HEADERS }),
      body: get ? undefined : request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const rawBody = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      json = undefined;
    }
    return { status: res.status, ...(json !== undefined ? { json } : {}), rawBody, headers, durationMs: elapsed(), request };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const error = err.name === 'TimeoutError' || err.name === 'AbortError' ? `timeout after ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { status: 0, rawBody: '', headers: {}, durationMs: elapsed(), error, request };
  }
}

/** resultCode of a call's JSON answer, if any. */
export function resultCodeOf(r: ProduceCallResult): string | undefined {
  const j = r.json as { resultCode?: unknown } | undefined;
  return typeof j?.resultCode === 'string' ? j.resultCode : undefined;
}

/**
 * Success as the marketplace judges it (spec §6): HTTP 200 and resultCode 000000, or 000004 where asynchronous
 * processing is allowed (newInstance, upgradeInstance, getLicenseAsync: spec §9.2 "000004 async").
 */
export function isProduceSuccess(activity: string, r: ProduceCallResult): boolean {
  if (r.status !== 200) return false;
  const code = resultCodeOf(r);
  return code === '000000' || (code === '000004' && (activity === 'newInstance' || activity === 'upgradeInstance' || activity === 'getLicenseAsync'));
}
