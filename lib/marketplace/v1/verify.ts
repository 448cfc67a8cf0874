import { timingSafeEqual } from 'node:crypto';
import { keysFor, type AppConfig } from '../../config';
import type { CandidateKey, SignatureVerdict } from '../verify';
import { parseKitTime } from '../../kit/time';
import { v1AuthToken, v1KitFields } from '../signature';
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

/**
 * The keys a V1 kit call may be signed with (spec §2: the V1 Key serves "authToken, Body-Sign, AES encryption and V1
 * kit"): the V1 keys, then the kit's (MARKETPLACE_KEY_KIT), each with its Base64-decoded variant.
 */
export function v1KitKeys(config: AppConfig): CandidateKey[] {
  return v1CandidateKeys([...keysFor(config, 'v1'), ...keysFor(config, 'kit')]);
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

/** The key (and which of the signed variants) whose token equals the received one, compared in constant time. */
function matchToken(token: string, keys: CandidateKey[], variants: [string, Record<string, string>][]): { key: CandidateKey; variant: string } | undefined {
  const received = Buffer.from(token, 'utf8');
  for (const [variant, params] of variants) {
    for (const key of keys) {
      const expected = Buffer.from(v1AuthToken(key.key, params), 'utf8');
      if (expected.length === received.length && timingSafeEqual(expected, received)) return { key, variant };
    }
  }
  return undefined;
}

/** The timeStamp against the window, read in each of the given zones (the first within the window wins). */
function checkTime(
  timeStamp: string,
  zones: { zone: string; parse: (v: string) => number | undefined }[],
  now: number,
  windowMs: number,
): { ok: true; zone: string; skew: number } | { ok: false; verdict: 'invalid' | 'expired'; message: string } {
  const readings = zones.map((z) => ({ zone: z.zone, ts: z.parse(timeStamp) })).filter((r): r is { zone: string; ts: number } => r.ts !== undefined);
  if (!readings.length) return { ok: false, verdict: 'invalid', message: `authentication failed: timeStamp is not a time yyyyMMddHHmmssSSS (${zones.map((z) => z.zone).join(' or ')})` };
  const within = readings.find((r) => Math.abs(now - r.ts) <= windowMs);
  if (within) return { ok: true, zone: within.zone, skew: now - within.ts };
  const nearest = readings.reduce((a, b) => (Math.abs(now - a.ts) <= Math.abs(now - b.ts) ? a : b));
  const skew = now - nearest.ts;
  return {
    ok: false,
    verdict: 'expired',
    message: `authentication failed: timeStamp is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'old' : 'in the future'} (limit ${Math.round(windowMs / 1000)} s)`,
  };
}

/** A header's or parameter's token: a '+' sent unencoded arrives as a space; one documented example quotes it. */
function cleanToken(raw: string): string {
  const t = raw.trim();
  return (t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t).replace(/ /g, '+');
}

const UTC_ZONE = [{ zone: 'UTC', parse: parseV1TimeStamp }];

/**
 * Checks a V1 call's authToken against each candidate key in turn (constant-time), then its timeStamp against the
 * window. The token is checked first so that a stale but genuine call is told apart from a forged one (and its
 * refusal signed with the key that matched). At most 2 × keys HMACs over a query the caller has bounded.
 */
export function verifyV1Request(input: { params: Record<string, string>; keys: CandidateKey[]; now: number; windowMs: number }): V1VerifyOutcome {
  const { params, keys } = input;
  const missing = (['authToken', 'timeStamp'] as const).filter((k) => !params[k]);
  if (missing.length) return { ok: false, verdict: 'missing', message: `authentication failed: ${missing.join(', ')} missing` };
  return verifyToken({ token: params.authToken!, timeStamp: params.timeStamp!, variants: [['query', params]], zones: UTC_ZONE, keys, now: input.now, windowMs: input.windowMs, what: 'V1 authToken' });
}

/**
 * Checks a V1 kit call (spec §4.11): the `authToken` header is the V1 authToken over the body's fields (nested lists
 * as JSON strings, lib/marketplace/signature.ts v1KitFields), keyed with Key + the body's timeStamp. Both nested
 * serialisations are tried (received order first, the documented one; then sorted keys), and the timeStamp is read as
 * UTC+8 (the kit tables' zone) or UTC (the V1 tables'); the detail records which matched. V1 kit calls carry no
 * nonce: the directory's writes are ordered by timeStamp (lib/kit/directory.ts), so a replay changes nothing.
 */
export function verifyKitV1Request(input: {
  token: string | undefined;
  /** the parsed body, undefined when it is not a JSON object within bounds */
  body: Record<string, unknown> | undefined;
  keys: CandidateKey[];
  now: number;
  windowMs: number;
}): V1VerifyOutcome {
  const { body } = input;
  if (!input.token) return { ok: false, verdict: 'missing', message: 'authentication failed: the authToken header is missing' };
  if (!body) return { ok: false, verdict: 'invalid', message: 'authentication failed: the body is not a JSON object within bounds, so its authToken cannot be checked' };
  const timeStamp = typeof body.timeStamp === 'string' || typeof body.timeStamp === 'number' ? String(body.timeStamp) : '';
  if (!timeStamp) return { ok: false, verdict: 'missing', message: 'authentication failed: timeStamp missing from the body' };
  const received = v1KitFields(body);
  const variants: [string, Record<string, string>][] = [['nested lists as received', received]];
  if (Object.values(body).some((v) => v !== null && typeof v === 'object')) variants.push(['nested lists with sorted keys', v1KitFields(body, 'sorted')]);
  return verifyToken({ token: input.token, timeStamp, variants, zones: KIT_ZONES, keys: input.keys, now: input.now, windowMs: input.windowMs, what: 'V1 kit authToken' });
}

const KIT_ZONES = [
  { zone: 'UTC+8', parse: (v: string) => parseKitTime(v)?.getTime() },
  { zone: 'UTC', parse: parseV1TimeStamp },
];

function verifyToken(input: {
  token: string;
  timeStamp: string;
  variants: [string, Record<string, string>][];
  zones: { zone: string; parse: (v: string) => number | undefined }[];
  keys: CandidateKey[];
  now: number;
  windowMs: number;
  what: string;
}): V1VerifyOutcome {
  const { keys } = input;
  if (!keys.length) return { ok: false, verdict: 'no_key', message: 'authentication failed: no marketplace V1 key is configured on this server' };
  const token = cleanToken(input.token);
  if (token.length > MAX_TOKEN) return { ok: false, verdict: 'invalid', message: `authentication failed: authToken is longer than ${MAX_TOKEN} characters` };
  const match = matchToken(token, keys, input.variants);
  if (!match) {
    return { ok: false, verdict: 'invalid', message: 'authentication failed: authToken does not match', detail: `${input.what}, tried ${keys.map((k) => k.label).join(', ')}` };
  }
  const { key } = match;
  // the label right after "V1 authToken, " names the key (lib/marketplace/v1/produce.ts keyOfCall reads it back)
  const variant = input.variants.length > 1 ? `, ${match.variant}` : '';
  const time = checkTime(input.timeStamp, input.zones, input.now, input.windowMs);
  if (!time.ok) return { ok: false, verdict: time.verdict, key, message: time.message, detail: `V1 authToken, ${key.label}${variant}` };
  const zone = input.zones.length > 1 ? ` ${time.zone}` : '';
  return { ok: true, verdict: 'valid', key, detail: `V1 authToken, ${key.label}${variant}, timeStamp${zone} ${Math.round(time.skew / 1000)} s old` };
}
