import { z } from 'zod';

/**
 * The Usage page's filters (instance, billing item, from/to), shared by the page, its read APIs and the CSV export.
 * Pure and client-safe. A range is whole UTC hours (the push's buckets, spec §8.1), at most MAX_RANGE_HOURS long.
 */
export const MAX_RANGE_HOURS = 31 * 24;
export const DEFAULT_RANGE_HOURS = 48;
const HOUR = 3_600_000;
// as lib/usage/units.ts hourOf / hourEnd, which the client cannot import (node:crypto)
const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
const hourEnd = (h: Date) => new Date(h.getTime() + HOUR);

export interface UsageFilters {
  instanceId?: string;
  billingItem?: string;
  /** ISO instants as typed (the URL's) */
  from?: string;
  to?: string;
}

export const USAGE_FILTER_KEYS = ['instanceId', 'billingItem', 'from', 'to'] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);
const optionalTime = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), { error: 'usage.err.time' });

/** The query of /api/console/usage/hours and /export.csv: the filters, with the range checked (usage.err.*). */
export const UsageQuery = z
  .object({ instanceId: optionalText(64), billingItem: optionalText(64), from: optionalTime, to: optionalTime })
  .superRefine((f, ctx) => {
    const r = usageRange(f, new Date());
    if ('error' in r) ctx.addIssue({ code: 'custom', path: [r.field], message: r.error });
  });

export interface UsageRange {
  /** the first hour shown (inclusive) and the end of the last (exclusive), whole UTC hours */
  from: Date;
  to: Date;
}

/**
 * The hours a filter covers: `to` rounded up to the end of its hour (default: the end of the current hour), `from`
 * rounded down (default: DEFAULT_RANGE_HOURS before `to`). Refused: from not before to, more than MAX_RANGE_HOURS.
 */
export function usageRange(f: Pick<UsageFilters, 'from' | 'to'>, now: Date): UsageRange | { error: 'usage.err.order' | 'usage.err.tooLong'; field: 'from' | 'to' } {
  const toAt = f.to ? new Date(f.to) : now;
  const to = toAt.getTime() % HOUR === 0 ? toAt : hourEnd(hourOf(toAt));
  const from = f.from ? hourOf(new Date(f.from)) : new Date(to.getTime() - DEFAULT_RANGE_HOURS * HOUR);
  if (from.getTime() >= to.getTime()) return { error: 'usage.err.order', field: 'from' };
  if (to.getTime() - from.getTime() > MAX_RANGE_HOURS * HOUR) return { error: 'usage.err.tooLong', field: 'from' };
  return { from, to };
}

/** The filters of a URL's search params (unknown keys and empty values left out). */
export function parseUsageFilters(sp: URLSearchParams | Record<string, string | string[] | undefined>): UsageFilters {
  const get = (k: string) => {
    const v = sp instanceof URLSearchParams ? sp.get(k) : sp[k];
    const s = Array.isArray(v) ? v.at(-1) : v;
    return s?.trim() ? s.trim() : undefined;
  };
  const f: UsageFilters = {};
  for (const k of USAGE_FILTER_KEYS) {
    const v = get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** The search string of a filter set, in a stable order ("" when unfiltered). */
export function usageSearch(f: UsageFilters): string {
  const sp = new URLSearchParams();
  for (const k of USAGE_FILTER_KEYS) if (f[k]) sp.set(k, f[k]!);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Every hour start of a range, in order. */
export function hoursOf(r: UsageRange): Date[] {
  const out: Date[] = [];
  for (let t = r.from.getTime(); t < r.to.getTime(); t += HOUR) out.push(new Date(t));
  return out;
}
