import { timingSafeEqual } from 'node:crypto';
import type { CandidateKey, SignatureVerdict } from '../verify';
import { v1AuthToken } from '../signature';
import { parseMarketplaceTime } from '../time';

/**
 * spec §4.2: the V1 authToken = Base64(HMAC-SHA256(Key + timeStamp, sorted "k=v&…" of every received parameter but
 * authToken, URL-decoded)). Pure: the caller gives the parameters as received (decoded) and the candidate keys.
 */

/**
 * The candidate keys as configured, each followed by its Base64-decoded variant (spec §2, §13.8: the EU site shows
 * the Key Base64-encoded, "decode it before use"; the CN demo uses the string as-is). A variant exists only when the
 * key is canonical Base64 decoding to printable UTF-8 text, since the algorithms take the Key as a string.
 */
export function v1CandidateKeys(keys: CandidateKey[]): CandidateKey[] {
  const out: CandidateKey[] = [];
  for (const k of keys) {
    if (!out.some((o) => o.key === k.key)) out.push(k);
    const decoded = base64Variant(k.key);
    if (decoded !== undefined && !out.some((o) => o.key === decoded)) out.push({ key: decoded, label: `${k.label} (Base64-decoded)` });
  }
  return out;
}

function base64Variant(key: string): string | undefined {
  if (key.length < 4 || key.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return undefined;
  const bytes = Buffer.from(key, 'base64');
  if (bytes.toString('base64') !== key) return undefined;
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) || !/^[\x20-\x7e\u00a0-\uffff]+$/.test(text)) return undefined;
  return text;
}

/** spec §4.1: the timeStamp is UTC yyyyMMddHHmmssSSS (17 digits); 14 digits are read too. */
export function parseV1TimeStamp(value: string): number | undefined {
  return parseMarketplaceTime(value)?.getTime();
}

export type V1VerifyOutcome =
  | { ok: true; verdict: 'valid'; key: CandidateKey; detail: string }
  | {
      ok: false;
      verdict: Exclude<SignatureVerdict, 'valid' | 'replayed'>;
      message: string;
      detail?: string;
      /** the key whose token matched (a stale timeStamp), to sign the refusal with */
      key?: CandidateKey;
    };

/** spec §4.1: authToken is at most 50 characters (44 in practice: Base64 of 32 bytes). */
const MAX_TOKEN = 50;

/**
 * Checks a V1 call's authToken against each candidate key in turn (constant-time), then its timeStamp against the
 * window. The token is checked first so that a stale but genuine call is told apart from a forged one (and its
 * refusal signed with the key that matched). At most 2 × keys HMACs over a query the caller has bounded.
 */
export function verifyV1Request(input: { params: Record<string, string>; keys: CandidateKey[]; now: number; windowMs: number }): V1VerifyOutcome {
  const { params, keys } = input;
  const missing = (['authToken', 'timeStamp'] as const).filter((k) => !params[k]);
  if (missing.length) return { ok: false, verdict: 'missing', message: `authentication failed: ${missing.join(', ')} missing` };
  if (!keys.length) return { ok: false, verdict: 'no_key', message: 'authentication failed: no marketplace V1 key is configured on this server' };
  // a '+' of the Base64 token sent unencoded (as in one documented example, spec §4.1) arrives as a space
  const token = params.authToken!.replace(/ /g, '+');
  if (token.length > MAX_TOKEN) return { ok: false, verdict: 'invalid', message: `authentication failed: authToken is longer than ${MAX_TOKEN} characters` };
  const received = Buffer.from(token, 'utf8');
  const key = keys.find((k) => {
    const expected = Buffer.from(v1AuthToken(k.key, params), 'utf8');
    return expected.length === received.length && timingSafeEqual(expected, received);
  });
  if (!key) {
    return { ok: false, verdict: 'invalid', message: 'authentication failed: authToken does not match', detail: `V1 authToken, tried ${keys.map((k) => k.label).join(', ')}` };
  }
  const ts = parseV1TimeStamp(params.timeStamp!);
  if (ts === undefined) {
    return { ok: false, verdict: 'invalid', key, message: 'authentication failed: timeStamp is not a UTC time yyyyMMddHHmmssSSS', detail: `V1 authToken, ${key.label}` };
  }
  const skew = input.now - ts;
  const limit = Math.round(input.windowMs / 1000);
  if (Math.abs(skew) > input.windowMs) {
    return {
      ok: false,
      verdict: 'expired',
      key,
      message: `authentication failed: timeStamp is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'old' : 'in the future'} (limit ${limit} s)`,
      detail: `V1 authToken, ${key.label}`,
    };
  }
  return { ok: true, verdict: 'valid', key, detail: `V1 authToken, ${key.label}, timeStamp ${Math.round(skew / 1000)} s old` };
}
