import { createHmac, timingSafeEqual } from 'node:crypto';
import { sortedCompactJson } from './canonical';

/**
 * The marketplace's request and response signatures. Pure functions, checked against
 * ../shared/spec/test-vectors.json.
 */

function hmac(key: string, msg: string | Uint8Array): Buffer {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(msg).digest();
}

/** spec §3.2: bodyDigest = lowercase HEX(HMAC(key, body)). */
export function v2BodyDigest(accessKey: string, body: string | Uint8Array): string {
  return hmac(accessKey, body).toString('hex'); // a string is hashed as its UTF-8 bytes
}

/**
 * spec §3.2: signature = HEX(HMAC(key, key + nonce + timestamp + lowerhex(HMAC(key, body)))), upper case.
 */
export function v2Signature(accessKey: string, body: string | Uint8Array, nonce: string, timestamp: string): string {
  const bodyDigest = v2BodyDigest(accessKey, body);
  return hmac(accessKey, accessKey + nonce + timestamp + bodyDigest).toString('hex').toUpperCase();
}

/**
 * spec §3.2 licence variant, §9.1 (License授权码交付接口): the V2 construction, canonicalRequest = key + nonce +
 * timestamp + lowerhex(HMAC(key, body)), the signature's hex in lower case as the licence pages show it. The app's
 * verification compares hex case-insensitively, so both variants verify with verifyV2Request.
 */
export function licenceSignature(accessKey: string, body: string | Uint8Array, nonce: string, timestamp: string): string {
  return v2Signature(accessKey, body, nonce, timestamp).toLowerCase();
}

/** spec §3.12: kit x-sign = HEX(HMAC(key, key + nonce + timestamp + sortedBody)) (no inner HMAC). */
export function kitSignature(accessKey: string, sortedBody: string, nonce: string, timestamp: string): string {
  return hmac(accessKey, accessKey + nonce + timestamp + sortedBody).toString('hex').toUpperCase();
}

/** spec §4.2: stringToSign = sorted "k=v&…" of every parameter except authToken (values URL-decoded). */
export function v1StringToSign(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'authToken')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** spec §4.2: V1 authToken = Base64(HMAC(key + timeStamp, sorted "k=v&…" of all other params)). */
export function v1AuthToken(accessKey: string, params: Record<string, string>): string {
  const timeStamp = params.timeStamp ?? '';
  return hmac(accessKey + timeStamp, v1StringToSign(params)).toString('base64');
}

/**
 * spec §4.11: the V1 kit's authToken is the V1 authToken over the body's fields, each as a string: a string as it is,
 * a number or boolean in JSON's words, null as empty, and a nested list (userList, orgInfo) as compact JSON: in the
 * order received (`nested: 'received'`, the documented serialisation) or with every object's keys sorted
 * (`'sorted'`, as a TreeMap-based sender writes it). The body is bounded by its caller (lib/marketplace/produce.ts
 * KIT_BODY_BOUNDS), so JSON.stringify's recursion stays shallow.
 */
export function v1KitFields(body: Record<string, unknown>, nested: 'received' | 'sorted' = 'received'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'authToken' || v === undefined) continue;
    out[k] = v === null ? '' : typeof v === 'object' ? (nested === 'sorted' ? sortedCompactJson(v) : JSON.stringify(v)) : String(v);
  }
  return out;
}

/** spec §4.3 / §3.1: Body-Sign response header over the exact response bytes. */
export function bodySignHeader(accessKey: string, body: string): string {
  return `sign_type="HMAC-SHA256", signature= "${hmac(accessKey, Buffer.from(body, 'utf8')).toString('base64')}"`;
}

/** `sign_type="HMAC-SHA256", signature= "…"`, the spacing around `=` and `,` read loosely */
const BODY_SIGN = /^\s*sign_type\s*=\s*"HMAC-SHA256"\s*,\s*signature\s*=\s*"([^"]*)"\s*$/i;

/**
 * Checks a received Body-Sign header against the body as received (spec §4.3), in constant time: `malformed` when it is
 * not in the documented format, else whether it is Base64(HMAC-SHA256(key, body)).
 */
export function verifyBodySign(key: string, header: string, body: string): 'valid' | 'invalid' | 'malformed' {
  const m = BODY_SIGN.exec(header);
  if (!m) return 'malformed';
  const expected = hmac(key, Buffer.from(body, 'utf8'));
  const given = Buffer.from(m[1]!, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

/** spec §8.1: usage push signature header = Base64(HMAC(key, "ts=..&nonce=..&body=..")). */
export function usagePushSignature(accessKey: string, ts: string, nonce: string, sortedBody: string): string {
  return hmac(accessKey, `ts=${ts}&nonce=${nonce}&body=${sortedBody}`).toString('base64');
}

/** Constant-time comparison of two hex strings, case-insensitive (spec §3.2: both cases are seen). */
export function hexEquals(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}
