/**
 * UTC time formats of the marketplace (spec §3.4, §3.5, §3.11, §8.1), shared by the production interface, the console
 * and the emulator. All formatting is UTC.
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

/** UTC `yyyyMMddHHmmssSSS` (spec §3.4 statisticalTime), or `yyyyMMddHHmmss` without the milliseconds. */
export function formatMarketplaceTime(date: Date, withMillis = true): string {
  return withMillis ? utc17(date) : utc14(date);
}

/**
 * Marketplace timestamps. spec §3.5 / §12.9: expireTime is UTC `yyyyMMddHHmmss` in the tables but 17 digits
 * `yyyyMMddHHmmssSSS` in the examples: both are accepted.
 */
export function parseMarketplaceTime(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms ? +ms : 0));
  // reject overflowing fields (month 13, Feb 30, hour 25 …): Date.UTC would roll them over
  if (
    date.getUTCFullYear() !== +y! ||
    date.getUTCMonth() !== +mo! - 1 ||
    date.getUTCDate() !== +d! ||
    date.getUTCHours() !== +h! ||
    date.getUTCMinutes() !== +mi! ||
    date.getUTCSeconds() !== +s!
  ) {
    return undefined;
  }
  return date;
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

/**
 * getLicenseAsync's times (spec §9.2 effectiveTime / expireTime, "licence start, UTC"): the documented
 * `yyyy-MM-dd HH:mm:ss z` (example `2023-10-27 10:30:15 z`; the zone letter in either case, `UTC` too, or none: the
 * spec says UTC) and ISO 8601 (`2023-10-27T10:30:15Z`, with milliseconds, an offset such as `+08:00`, or none: UTC).
 * Undefined when malformed or not a real date.
 */
export function parseLicenceRequestTime(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:\s*(?:([zZ]|UTC|utc)|([+-])(\d{2}):?(\d{2})))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const ms = frac ? +frac.padEnd(3, '0') : 0;
  const local = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms));
  if (
    local.getUTCFullYear() !== +y! ||
    local.getUTCMonth() !== +mo! - 1 ||
    local.getUTCDate() !== +d! ||
    local.getUTCHours() !== +h! ||
    local.getUTCMinutes() !== +mi! ||
    local.getUTCSeconds() !== +s!
  ) {
    return undefined;
  }
  if (!sign) return local;
  if (+oh! > 23 || +om! > 59) return undefined;
  const offsetMs = (+oh! * 60 + +om!) * 60_000 * (sign === '+' ? 1 : -1);
  return new Date(local.getTime() - offsetMs);
}
