import { parseMarketplaceTime } from '../marketplace/time';

/** spec §3.12: the kit tables' `timeStamp` is in UTC+8 ("default time zone"), unlike the basic interfaces (UTC). */
const UTC_PLUS_8_MS = 8 * 3600_000;

/** `yyyyMMddHHmmssSSS` read as UTC+8 (exactly 17 digits, a real date), as the instant it names. */
export function parseKitTime(value: string): Date | undefined {
  if (!/^\d{17}$/.test(value)) return undefined;
  const asUtc = parseMarketplaceTime(value);
  return asUtc && new Date(asUtc.getTime() - UTC_PLUS_8_MS);
}

/** The instant as the kit writes it: `yyyyMMddHHmmssSSS` in UTC+8. */
export function formatKitTime(d: Date): string {
  return new Date(d.getTime() + UTC_PLUS_8_MS).toISOString().replace(/\D/g, '').slice(0, 17);
}
