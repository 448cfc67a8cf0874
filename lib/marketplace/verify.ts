import { sortedCompactJson } from './canonical';
import { hexEquals, kitSignature, v2Signature } from './signature';

/** spec §3.2: the marketplace's clock and ours may differ by at most 60 s either way. */
export const TIMESTAMP_WINDOW_MS = 60_000;

export type SignatureVerdict = 'valid' | 'invalid' | 'expired' | 'replayed' | 'missing' | 'no_key';

export interface CandidateKey {
  key: string;
  /** the environment variable it came from, never the key itself */
  label: string;
}

export type VerifyOutcome =
  | { ok: true; verdict: 'valid'; key: CandidateKey; variant: 'raw' | 'sorted'; detail: string }
  | { ok: false; verdict: Exclude<SignatureVerdict, 'valid' | 'replayed'>; message: string; detail?: string };

export interface SignedQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
}

/**
 * Timestamp in ms; 10-digit values are read as seconds (spec §3.1 marks the unit as conflicting: accept both).
 */
export function parseTimestamp(value: string): { ms: number; unit: 'ms' | 's' } | undefined {
  if (!/^\d{10,13}$/.test(value)) return undefined;
  return value.length <= 10 ? { ms: Number(value) * 1000, unit: 's' } : { ms: Number(value), unit: 'ms' };
}

/** What the marketplace's nonces look like (spec §3.2: 64 hex, 32 or 16 alphanumerics; "treat as opaque"): printable ASCII. */
const NONCE = /^[\x21-\x7e]{1,128}$/;

/**
 * Verifies a V2 request signature (spec §3.2): over the raw body first, then over the sorted compact
 * re-serialisation; each configured key in turn (current, then previous during a rotation).
 * The raw body is checked before anything is parsed: `parsedBody` may be a function, called only when the raw body
 * did not match (it answers undefined when the caller will not pay for the fallback: lib/marketplace/throttle.ts).
 * Pure: the nonce's freshness is checked against the database by the caller.
 */
export function verifyV2Request(input: {
  /** the body as received: its bytes (what the marketplace signed), or their text */
  rawBody: string | Uint8Array;
  parsedBody: unknown | (() => unknown);
  query: SignedQuery;
  keys: CandidateKey[];
  now: number;
}): VerifyOutcome {
  const checked = checkEnvelope(input.query, QUERY_NAMES, input.keys, input.now);
  if (!checked.ok) return checked;
  const { ts } = checked;
  const { signature, timestamp, nonce } = input.query;
  const matching = (body: string | Uint8Array) => input.keys.find((key) => hexEquals(v2Signature(key.key, body, nonce!, timestamp!), signature!));
  const tried: string[] = ['raw'];
  const ok = (key: CandidateKey, variant: 'raw' | 'sorted'): VerifyOutcome => ({
    ok: true,
    verdict: 'valid',
    key,
    variant,
    detail: `${variant} body, ${key.label}, timestamp in ${ts.unit}`,
  });
  const raw = matching(input.rawBody);
  if (raw) return ok(raw, 'raw');
  const parsed = typeof input.parsedBody === 'function' ? (input.parsedBody as () => unknown)() : input.parsedBody;
  if (parsed !== undefined) {
    const sorted = sortedCompactJson(parsed);
    if (!sameText(sorted, input.rawBody)) {
      tried.push('sorted');
      const key = matching(sorted);
      if (key) return ok(key, 'sorted');
    }
  }
  return {
    ok: false,
    verdict: 'invalid',
    message: 'authentication failed: signature does not match',
    detail: `tried ${tried.join('+')} body with ${input.keys.map((k) => k.label).join(', ')}`,
  };
}

/** What the three signed values are called where they arrive: the basic interfaces' query, the kit's headers. */
type EnvelopeNames = { where: string } & Record<keyof SignedQuery, string>;
const QUERY_NAMES: EnvelopeNames = { where: 'query parameter', signature: 'signature', timestamp: 'timestamp', nonce: 'nonce' };
const KIT_HEADER_NAMES: EnvelopeNames = { where: 'header', signature: 'x-sign', timestamp: 'x-timestamp', nonce: 'x-nonce' };

/**
 * The checks before any HMAC, shared by both families: all three present, a key configured, the signature 64 hex,
 * the nonce printable ASCII ≤ 128, the timestamp a Unix time within TIMESTAMP_WINDOW_MS (spec §3.2, §3.12).
 */
function checkEnvelope(
  q: SignedQuery,
  names: EnvelopeNames,
  keys: CandidateKey[],
  now: number,
): { ok: true; ts: { ms: number; unit: 'ms' | 's' } } | Extract<VerifyOutcome, { ok: false }> {
  const missing = (['signature', 'timestamp', 'nonce'] as const).filter((k) => !q[k]);
  if (missing.length) {
    return { ok: false, verdict: 'missing', message: `authentication failed: ${names.where} ${missing.map((k) => names[k]).join(', ')} missing` };
  }
  if (!keys.length) {
    return { ok: false, verdict: 'no_key', message: 'authentication failed: no marketplace key is configured on this server' };
  }
  if (!/^[0-9a-fA-F]{64}$/.test(q.signature!)) {
    return { ok: false, verdict: 'invalid', message: 'authentication failed: signature is not 64 hex characters' };
  }
  if (q.nonce!.length > 128) {
    return { ok: false, verdict: 'invalid', message: 'authentication failed: nonce is longer than 128 characters' };
  }
  if (!NONCE.test(q.nonce!)) {
    return { ok: false, verdict: 'invalid', message: 'authentication failed: nonce may contain only printable ASCII characters' };
  }
  const ts = parseTimestamp(q.timestamp!);
  if (!ts) return { ok: false, verdict: 'invalid', message: 'authentication failed: timestamp is not a Unix time' };
  const skew = now - ts.ms;
  if (Math.abs(skew) > TIMESTAMP_WINDOW_MS) {
    return {
      ok: false,
      verdict: 'expired',
      message: `authentication failed: timestamp is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'old' : 'in the future'} (limit 60 s)`,
    };
  }
  return { ok: true, ts };
}

/** The kit's signed values (spec §3.12), from the request's headers (lower-cased names). */
export function kitSignedHeaders(headers: Record<string, string>): SignedQuery {
  return { signature: headers['x-sign'], timestamp: headers['x-timestamp'], nonce: headers['x-nonce'] };
}

/**
 * Verifies a kit request (spec §3.12): x-sign = HEX(HMAC(key, key + nonce + timestamp + body)), no inner HMAC. The
 * documented variant signs the body re-serialised with sorted keys, so that is tried first; the raw body second (a
 * sender that signs what it sends). Each kit key in turn (MARKETPLACE_KEY_KIT or MARKETPLACE_KEY, then the previous
 * key during a rotation); hex compared case-insensitively in constant time. Same envelope checks as the basic
 * interfaces; the nonce's freshness is the caller's (database).
 */
export function verifyKitRequest(input: {
  rawBody: string | Uint8Array;
  /**
   * the parsed body, undefined when it is not JSON within bounds (then only the raw body can match); a function is
   * called only once the headers passed the cheap checks, so a stranger's body is not parsed for nothing
   */
  parsedBody: unknown | (() => unknown);
  signed: SignedQuery;
  keys: CandidateKey[];
  now: number;
}): VerifyOutcome {
  const checked = checkEnvelope(input.signed, KIT_HEADER_NAMES, input.keys, input.now);
  if (!checked.ok) return checked;
  const { signature, timestamp, nonce } = input.signed;
  const raw = typeof input.rawBody === 'string' ? input.rawBody : Buffer.from(input.rawBody).toString('utf8');
  const bodies: ['sorted' | 'raw', string][] = [];
  const parsed = typeof input.parsedBody === 'function' ? (input.parsedBody as () => unknown)() : input.parsedBody;
  if (parsed !== undefined) bodies.push(['sorted', sortedCompactJson(parsed)]);
  if (!bodies.length || bodies[0]![1] !== raw) bodies.push(['raw', raw]);
  for (const [variant, body] of bodies) {
    const key = input.keys.find((k) => hexEquals(kitSignature(k.key, body, nonce!, timestamp!), signature!));
    if (key) return { ok: true, verdict: 'valid', key, variant, detail: `${variant} body, ${key.label}, timestamp in ${checked.ts.unit}` };
  }
  return {
    ok: false,
    verdict: 'invalid',
    message: 'authentication failed: x-sign does not match',
    detail: `tried ${bodies.map(([v]) => v).join('+')} body with ${input.keys.map((k) => k.label).join(', ')}`,
  };
}

function sameText(text: string, raw: string | Uint8Array): boolean {
  return typeof raw === 'string' ? text === raw : Buffer.from(text, 'utf8').equals(raw);
}
