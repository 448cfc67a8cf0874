/**
 * UTC time formats used by the marketplace (spec §3.5, §3.11, §8.1). All formatting is UTC.
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyyMMddHHmmss` (Query Order createTime / expireTime, spec §3.11) */
export function utc14(d: Date): string {
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes()) +
    pad(d.getUTCSeconds())
  );
}

/** `yyyyMMddHHmmssSSS` (refreshInstance expireTime example, queryInstance statisticalTime; spec §3.4, §3.5) */
export function utc17(d: Date): string {
  return utc14(d) + pad(d.getUTCMilliseconds(), 3);
}

/** `yyyyMMdd'T'HHmmss'Z'`: APIG X-Sdk-Date and usage-record times (spec §3.11, §8.1) */
export function basicIso(d: Date): string {
  const s = utc14(d);
  return `${s.slice(0, 8)}T${s.slice(8)}Z`;
}

/** Parses `yyyyMMdd'T'HHmmss'Z'`; undefined when malformed or not a real date (e.g. month 13). */
export function parseBasicIso(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  if (utc14(date) !== m.slice(1).join('')) return undefined;
  return date;
}

/** Calendar arithmetic in UTC (months clamp like Java's plusMonths: Jan 31 + 1 month = Feb 28/29). */
export function addUtc(d: Date, delta: { years?: number; months?: number; days?: number; ms?: number }): Date {
  const out = new Date(d.getTime());
  const months = (delta.years ?? 0) * 12 + (delta.months ?? 0);
  if (months) {
    const day = out.getUTCDate();
    out.setUTCDate(1);
    out.setUTCMonth(out.getUTCMonth() + months);
    const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
    out.setUTCDate(Math.min(day, last));
  }
  if (delta.days) out.setUTCDate(out.getUTCDate() + delta.days);
  if (delta.ms) out.setTime(out.getTime() + delta.ms);
  return out;
}
