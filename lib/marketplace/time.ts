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

/** UTC `yyyyMMddHHmmssSSS` (spec §3.4 statisticalTime). */
export function formatMarketplaceTime(date: Date, withMillis = true): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const s =
    p(date.getUTCFullYear(), 4) +
    p(date.getUTCMonth() + 1) +
    p(date.getUTCDate()) +
    p(date.getUTCHours()) +
    p(date.getUTCMinutes()) +
    p(date.getUTCSeconds());
  return withMillis ? s + p(date.getUTCMilliseconds(), 3) : s;
}
