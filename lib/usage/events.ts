import { parseUsageValue } from './units';

/**
 * The usage events the seller's SaaS reports (POST /api/v1/usage): CloudEvents 1.0 in structured mode, one event or a
 * batch. Pure: each event is checked on its own and gets its own verdict; nothing here reads the database. Only the
 * known attributes are looked at, so an event of any shape costs the same small amount of work.
 */

export const MAX_BATCH = 1000;
/** spec §8.1: the marketplace refuses records older than 21 days; a day's margin for the push */
export const MAX_AGE_MS = 20 * 24 * 3_600_000;
/** clocks disagree a little; more than this ahead is a mistake */
export const MAX_AHEAD_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

export interface UsageEventInput {
  /** position in the request (0-based), for the verdict */
  index: number;
  id: string;
  source: string;
  instanceId: string;
  billingItem: string;
  /** epoch ms (numbers, not Dates: a Date per event was a measurable share of the ingestion's CPU) */
  time: number;
  /** epoch ms of the start of the UTC hour of `time` */
  hour: number;
  /** ten-thousandths (lib/usage/units.ts) */
  units: number;
}

export interface EventRejection {
  index: number;
  /** the event's id when it had a usable one */
  id: string | null;
  error: string;
}

/** RFC 3339 date-time: 2026-12-02T10:15:00Z, with optional fraction and a Z or ±hh:mm offset */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** epoch ms of an RFC 3339 date-time, or undefined */
export function parseRfc3339(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return undefined;
  const t = Date.parse(s.toUpperCase());
  if (!Number.isFinite(t)) return undefined;
  // Date.parse rolls 2026-02-31 over to March: refuse a day the month does not have
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(d) > days) return undefined;
  return t;
}

function text(e: Record<string, unknown>, name: string, max: number): string | { error: string } {
  const v = e[name];
  if (v === undefined || v === null || v === '') return { error: `${name} is missing` };
  if (typeof v !== 'string') return { error: `${name} must be a string` };
  if (v.length > max) return { error: `${name} is longer than ${max} characters` };
  if (/[\u0000-\u001f]/.test(v)) return { error: `${name} contains control characters` };
  return v;
}

/** Checks one event; `now` is the server's clock. */
export function parseUsageEvent(raw: unknown, index: number, now: Date): UsageEventInput | EventRejection {
  const reject = (error: string, id: string | null = null): EventRejection => ({ index, id, error });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return reject('the event must be a JSON object');
  const e = raw as Record<string, unknown>;
  const id = text(e, 'id', 255);
  if (typeof id !== 'string') return reject(id.error);
  const fail = (error: string) => reject(error, id);
  if (e.specversion !== undefined && e.specversion !== '1.0') return fail('specversion must be "1.0" (CloudEvents 1.0)');
  const source = text(e, 'source', 255);
  if (typeof source !== 'string') return fail(source.error);
  const subject = text(e, 'subject', 64);
  if (typeof subject !== 'string') return fail(`${subject.error} (the subject is the instanceId)`);
  const type = text(e, 'type', 64);
  if (typeof type !== 'string') return fail(`${type.error} (the type is the billing item)`);
  let time = now.getTime();
  if (e.time !== undefined && e.time !== null) {
    if (typeof e.time !== 'string') return fail('time must be an RFC 3339 string, e.g. 2026-12-02T10:15:00Z');
    const t = parseRfc3339(e.time);
    if (t === undefined) return fail('time must be an RFC 3339 date-time, e.g. 2026-12-02T10:15:00Z');
    if (now.getTime() - t > MAX_AGE_MS) return fail('time is older than 20 days: the marketplace no longer accepts it');
    if (t - now.getTime() > MAX_AHEAD_MS) return fail('time is more than 5 minutes ahead of the server clock');
    time = t;
  }
  if (e.data_base64 !== undefined) return fail('data_base64 is not accepted: send data as JSON, e.g. {"value": 12.5}');
  const data = e.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('data must be an object with a value, e.g. {"value": 12.5}');
  const value = parseUsageValue((data as Record<string, unknown>).value);
  if ('error' in value) return fail(`data.value ${value.error}`);
  return { index, id, source, instanceId: subject, billingItem: type, time, hour: time - (time % HOUR_MS), units: value.units };
}

export function isRejection(x: UsageEventInput | EventRejection): x is EventRejection {
  return 'error' in x;
}

export type ParsedBody = { events: unknown[] } | { error: string; status: 400 | 413 | 415 };

/**
 * The request body by its media type: application/cloudevents+json (one event), application/cloudevents-batch+json
 * (an array), application/json (either).
 */
export function parseUsageBody(contentType: string | null, body: string): ParsedBody {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const kinds: Record<string, 'one' | 'batch' | 'either'> = {
    'application/cloudevents+json': 'one',
    'application/cloudevents-batch+json': 'batch',
    'application/json': 'either',
  };
  const kind = kinds[media];
  if (!kind) {
    return { status: 415, error: 'Content-Type must be application/cloudevents+json, application/cloudevents-batch+json or application/json' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { status: 400, error: 'the body is not JSON' };
  }
  const isArray = Array.isArray(parsed);
  if (kind === 'one' && isArray) return { status: 400, error: 'application/cloudevents+json carries one event; send a batch as application/cloudevents-batch+json' };
  if (kind === 'batch' && !isArray) return { status: 400, error: 'application/cloudevents-batch+json must be a JSON array of events' };
  const events = isArray ? (parsed as unknown[]) : [parsed];
  if (events.length === 0) return { status: 400, error: 'the batch is empty' };
  if (events.length > MAX_BATCH) return { status: 413, error: `a batch holds at most ${MAX_BATCH} events; this one has ${events.length}` };
  return { events };
}
