import { createHash, timingSafeEqual } from 'node:crypto';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { basicIso, parseBasicIso } from '../lib/marketplace/time';

/**
 * Huawei Cloud APIG AK/SK signatures (SDK-HMAC-SHA256), as used by Query Order and usage push (spec §3.11, §8.1).
 * Both directions go through the official signer of @huaweicloud/huaweicloud-sdk-core, so the emulator
 * accepts exactly what that signer produces. Its quirks (read from auth/AKSKSigner.js):
 *  - the canonical query string comes from `request.queryParams`, never from a `?query` in `request.endpoint`;
 *  - the payload hash is sha256(JSON.stringify(request.data)) (empty-body hash when data is falsy);
 *  - every key of `request.headers` is signed, plus `host` and `X-Sdk-Date` (looked up with exactly that case);
 *  - a signed `X-Sdk-Content-Sha256` (that case) IS the payload hash: the SDK sets it to `UNSIGNED-PAYLOAD` for a
 *    body that is not JSON (a multipart upload, spec §9.2), whose lower-case `content-type` it leaves unsigned (the
 *    boundary is not known when signing). The gateway then takes the literal text as the hash; any other value must
 *    be the hex SHA-256 of the body's bytes.
 */

export interface AkSk {
  ak: string;
  sk: string;
}

/** APIG allows this much clock skew on X-Sdk-Date. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;

type QueryParams = Record<string, string | string[]>;

function queryParamsOf(search: URLSearchParams): QueryParams {
  const out: QueryParams = {};
  for (const key of new Set(search.keys())) {
    const all = search.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

function officialSign(
  creds: AkSk,
  request: { method: string; endpoint: string; queryParams: QueryParams; headers: Record<string, string>; data?: unknown },
): Record<string, string> {
  const credential = new BasicCredentials().withAk(creds.ak).withSk(creds.sk);
  return AKSKSigner.sign(request, credential) as Record<string, string>;
}

export interface SignRequestInput {
  ak: string;
  sk: string;
  method: string;
  /** full URL, e.g. http://127.0.0.1:3900/api/...?orderId=X */
  url: string;
  /** the JSON value to send; the caller must send exactly JSON.stringify(body) */
  body?: object;
  /** extra headers to sign and send, over the default Content-Type of the spec §3.11 example */
  headers?: Record<string, string>;
  /** X-Sdk-Date to use (default: now) */
  date?: Date;
}

/**
 * The headers (Content-Type, X-Sdk-Date, host, Authorization) to send with a call signed the way the app signs
 * its outbound calls: endpoint without `?query`, parameters in `queryParams`, body = JSON.stringify(body).
 * (fetch() ignores a `host` header and sends the URL's host, which is the same value.)
 */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const u = new URL(input.url);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json;charset=UTF-8',
    ...input.headers,
    'X-Sdk-Date': basicIso(input.date ?? new Date()),
  };
  return officialSign(
    { ak: input.ak, sk: input.sk },
    {
      method: input.method.toUpperCase(),
      endpoint: `${u.protocol}//${u.host}${u.pathname}`,
      queryParams: queryParamsOf(u.searchParams),
      headers,
      ...(input.body !== undefined ? { data: input.body } : {}),
    },
  );
}

export interface VerifyInput {
  method: string;
  /** path + query as received */
  url: string;
  /** received headers; names in any case */
  headers: Record<string, string>;
  /** raw body as received */
  body: string;
  /** the body's bytes, when they are not UTF-8 text (a multipart file); else `body` is hashed */
  rawBody?: Buffer;
  credentials: AkSk[];
  now?: Date;
  maxSkewMs?: number;
}

export type VerifyResult = { ok: true; ak: string } | { ok: false; reason: string };

function header(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function constantTimeHexEquals(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies an APIG AK/SK signature by recomputing it with the official signer. */
export function verifyAkSk(input: VerifyInput): VerifyResult {
  const authorization = header(input.headers, 'authorization');
  if (!authorization) return { ok: false, reason: 'missing Authorization header' };
  const m = AUTH_RE.exec(authorization.trim());
  if (!m) return { ok: false, reason: 'Authorization is not "SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=.."' };
  const [, ak, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const creds = input.credentials.find((c) => c.ak === ak);
  if (!creds) return { ok: false, reason: `unknown access key ${ak}` };

  const xDate = header(input.headers, 'x-sdk-date');
  if (!xDate) return { ok: false, reason: 'missing X-Sdk-Date header' };
  const date = parseBasicIso(xDate);
  if (!date) return { ok: false, reason: `X-Sdk-Date "${xDate}" is not yyyyMMddTHHmmssZ` };
  const skew = Math.abs((input.now ?? new Date()).getTime() - date.getTime());
  if (skew > (input.maxSkewMs ?? MAX_SKEW_MS)) return { ok: false, reason: `X-Sdk-Date is ${Math.round(skew / 1000)} s away from the server clock` };

  const names = signedHeaders.split(';');
  if (!names.includes('x-sdk-date') || !names.includes('host')) return { ok: false, reason: 'SignedHeaders must include host and x-sdk-date' };
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(input.headers, name);
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing` };
    // the signer looks X-Sdk-Date and X-Sdk-Content-Sha256 up with exactly this case, and `host` in lower case
    headers[name === 'x-sdk-date' ? 'X-Sdk-Date' : name === 'x-sdk-content-sha256' ? 'X-Sdk-Content-Sha256' : name] = value;
  }

  let data: unknown;
  const payloadHash = headers['X-Sdk-Content-Sha256'];
  if (payloadHash !== undefined) {
    // the body is not the signer's JSON: UNSIGNED-PAYLOAD leaves it out, a hash must be the bytes'
    if (payloadHash !== 'UNSIGNED-PAYLOAD') {
      const actual = createHash('sha256').update(input.rawBody ?? Buffer.from(input.body, 'utf8')).digest('hex');
      if (!constantTimeHexEquals(actual, payloadHash)) return { ok: false, reason: 'X-Sdk-Content-Sha256 is not the SHA-256 of the body' };
    }
  } else if (input.body !== '') {
    try {
      data = JSON.parse(input.body);
    } catch {
      return { ok: false, reason: 'body is not JSON (the emulator can only verify JSON bodies)' };
    }
    // APIG hashes the raw bytes; the SDK signer hashed JSON.stringify(data). They agree only if the body was sent
    // exactly as JSON.stringify(data), so anything else would fail at the real gateway too.
    if (!data || JSON.stringify(data) !== input.body) {
      return { ok: false, reason: 'body is not byte-identical to JSON.stringify(JSON.parse(body)); send exactly the string that was signed' };
    }
  }

  const u = new URL(input.url, 'http://emulator.invalid');
  const expected = officialSign(creds, {
    method: input.method.toUpperCase(),
    endpoint: `http://${headers.host}${u.pathname}`,
    queryParams: queryParamsOf(u.searchParams),
    headers,
    ...(data !== undefined ? { data } : {}),
  });
  const em = AUTH_RE.exec(expected.Authorization ?? '');
  if (!em || !constantTimeHexEquals(em[3]!, signature) || em[2] !== signedHeaders) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true, ak };
}
