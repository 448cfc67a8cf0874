import { timingSafeEqual } from 'node:crypto';
import type { UsageRecord } from '../lib/openapi/types';
import { sortedCompactJson } from '../lib/marketplace/canonical';
import { usagePushSignature } from '../lib/marketplace/signature';
import { parseBasicIso } from '../lib/marketplace/time';

/**
 * Usage push (spec §8.1): body-signature check, record validation and the store of accepted records.
 * Answers use the §8.1 table: `{ error_code, error_msg }` with the listed HTTP status.
 */

export interface StoredUsageRecord extends UsageRecord {
  /** when the emulator accepted it (ISO) */
  receivedAt: string;
  /** the AK that pushed it */
  ak: string;
}

export interface UsageStore {
  records: StoredUsageRecord[];
  /** metering_sn values already accepted (spec §8.1: metering_sn is the dedupe key) */
  seen: Set<string>;
}

export function createUsageStore(): UsageStore {
  return { records: [], seen: new Set() };
}

export interface UsageError {
  status: number;
  error_code: string;
  error_msg: string;
}

export const MAX_RECORDS = 1000;
/** spec §8.1: records whose begin_time is older than 21 days are rejected (MKT.9004) */
export const MAX_AGE_MS = 21 * 24 * 3600 * 1000;

const fail = (status: number, error_code: string, error_msg: string): UsageError => ({ status, error_code, error_msg });

/**
 * Checks the `signature` / `ts` / `nonce` headers: Base64(HMAC(key, "ts=..&nonce=..&body=<sorted body>")).
 * The marketplace re-sorts the parsed body ("body 按自然排序后参与签名"), so the sorted form is what is verified.
 * Without a configured key the headers must still be present but cannot be checked.
 */
export function checkBodySignature(
  headers: { signature?: string; ts?: string; nonce?: string },
  parsedBody: unknown,
  key: string | undefined,
): UsageError | undefined {
  const { signature, ts, nonce } = headers;
  if (!signature || !ts || !nonce) return fail(400, 'MKT.0101', 'missing signature, ts or nonce header');
  if (!/^\d{1,20}$/.test(ts)) return fail(400, 'MKT.0101', 'ts must be Unix time in milliseconds');
  if (nonce.length > 64 || signature.length > 1000) return fail(400, 'MKT.0101', 'nonce or signature too long');
  if (key === undefined) return undefined;
  const expected = Buffer.from(usagePushSignature(key, ts, nonce, sortedCompactJson(parsedBody)), 'utf8');
  const got = Buffer.from(signature, 'utf8');
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) return fail(400, 'MKT.0102', 'invalid body sign');
  return undefined;
}

const REQUIRED = ['instance_id', 'record_time', 'begin_time', 'end_time', 'usage_value', 'metering_sn'] as const;

/** Validates the body; returns the records (usage_value normalised to a string) or the §8.1 error. */
export function validateUsageBody(body: unknown, now: Date): { records: UsageRecord[] } | UsageError {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'MKT.0199', 'body must be a JSON object');
  const list = (body as { usage_records?: unknown }).usage_records;
  if (!Array.isArray(list) || list.length === 0) return fail(400, 'MKT.0101', 'usage_records is missing or empty');
  if (list.length > MAX_RECORDS) return fail(500, 'MKT.9003', `more than ${MAX_RECORDS} records`);
  const records: UsageRecord[] = [];
  for (const [i, raw] of list.entries()) {
    if (!raw || typeof raw !== 'object') return fail(400, 'MKT.0101', `usage_records[${i}] is not an object`);
    const r = raw as Record<string, unknown>;
    for (const f of REQUIRED) {
      const v = r[f];
      // usage_value is a String on the CN page and a Double(12,4) on the INTL page: accept both
      const okType = typeof v === 'string' || (f === 'usage_value' && typeof v === 'number');
      if (!okType || v === '') return fail(400, 'MKT.0101', `usage_records[${i}].${f} is missing`);
    }
    const rec = { ...r, usage_value: String(r.usage_value) } as unknown as UsageRecord;
    const err = validateRecord(rec, i, now);
    if (err) return err;
    records.push({
      instance_id: rec.instance_id,
      record_time: rec.record_time,
      begin_time: rec.begin_time,
      end_time: rec.end_time,
      usage_value: rec.usage_value,
      metering_sn: rec.metering_sn,
      ...(rec.relate_pkg_instance !== undefined ? { relate_pkg_instance: rec.relate_pkg_instance } : {}),
    });
  }
  return { records };
}

function validateRecord(r: UsageRecord, i: number, now: Date): UsageError | undefined {
  const at = `usage_records[${i}]`;
  for (const f of ['instance_id', 'metering_sn'] as const) {
    if (r[f].length > 64) return fail(500, 'MKT.0100', `${at}.${f} longer than 64`);
  }
  if (r.relate_pkg_instance !== undefined && (typeof r.relate_pkg_instance !== 'string' || r.relate_pkg_instance.length > 64)) {
    return fail(500, 'MKT.0100', `${at}.relate_pkg_instance must be a string of at most 64`);
  }
  const times: Record<string, Date> = {};
  for (const f of ['record_time', 'begin_time', 'end_time'] as const) {
    const d = parseBasicIso(r[f]);
    if (!d) return fail(500, 'MKT.0100', `${at}.${f} must be yyyyMMddTHHmmssZ (UTC)`);
    times[f] = d;
  }
  if (times.begin_time! > times.end_time!) return fail(500, 'MKT.0100', `${at}.begin_time is after end_time`);
  if (now.getTime() - times.begin_time!.getTime() > MAX_AGE_MS) return fail(500, 'MKT.9004', `${at}.begin_time is older than 21 days`);
  // Double(12,4): > 0, at most 4 decimals, at most 20 characters
  if (r.usage_value.length > 20 || !/^\d+(\.\d{1,4})?$/.test(r.usage_value) || !(Number(r.usage_value) > 0)) {
    return fail(500, 'MKT.0100', `${at}.usage_value must be > 0 with at most 4 decimals`);
  }
  return undefined;
}

/**
 * Stores records whose metering_sn is new; repeats are answered with success and not stored twice
 * (the real marketplace's answer to a repeated metering_sn is not documented in the digest).
 */
export function storeUsage(store: UsageStore, records: UsageRecord[], ak: string, now: Date): { accepted: number; duplicates: number } {
  let accepted = 0;
  let duplicates = 0;
  for (const r of records) {
    if (store.seen.has(r.metering_sn)) {
      duplicates++;
      continue;
    }
    store.seen.add(r.metering_sn);
    store.records.push({ ...r, receivedAt: now.toISOString(), ak });
    accepted++;
  }
  return { accepted, duplicates };
}
