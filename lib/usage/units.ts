/**
 * Usage quantities and hours, pure (spec §8.1). Values are handled as integer ten-thousandths ("units"), never as
 * floating point: `usage_value` is a Double(12,4) with at most 4 decimals, and sums of many events must be exact. No
 * Node imports: the console's views print units too.
 */

export const SCALE = 10_000;
/** Double(12,4): at most 8 digits before the point */
export const MAX_UNITS = 99_999_999_9999;

const VALUE = /^(\d{1,8})(?:\.(\d{1,4}))?$/;

/** A usage value from the API: a number or a numeric string, > 0, at most 4 decimals and 8 integer digits. */
export function parseUsageValue(v: unknown): { units: number } | { error: string } {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: 'must be a finite number' };
    // a JS number prints as its shortest round-trip form: 0.1 is "0.1", 1e-7 is "1e-7" (refused below)
    text = String(v);
  } else if (typeof v === 'string') {
    text = v.trim();
  } else {
    return { error: v === undefined || v === null ? 'is missing' : 'must be a number or a numeric string' };
  }
  const m = VALUE.exec(text);
  if (!m) {
    if (/^-/.test(text)) return { error: 'must be greater than 0' };
    if (/^\d+\.\d{5,}$/.test(text)) return { error: 'has more than 4 decimals' };
    if (/^\d{9,}(\.\d+)?$/.test(text)) return { error: 'has more than 8 digits before the decimal point' };
    return { error: 'must be a decimal number, e.g. 12.5' };
  }
  const units = Number(m[1]) * SCALE + Number((m[2] ?? '').padEnd(4, '0'));
  if (units <= 0) return { error: 'must be greater than 0' };
  return { units };
}

/** 125000 → "12.5"; 990000 → "99" (the push's usage_value string); -5000 → "-0.5" (a reconciliation's difference). */
export function unitsToString(units: number): string {
  const abs = Math.abs(units);
  const whole = Math.floor(abs / SCALE);
  const frac = String(abs % SCALE).padStart(4, '0').replace(/0+$/, '');
  return `${units < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** A numeric(20,4) from the database ("12.5000") as units. */
export function unitsOf(decimal: string | number | { toString(): string }): number {
  const text = String(decimal);
  const [whole = '0', frac = ''] = text.split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * SCALE + Number(frac.slice(0, 4).padEnd(4, '0')));
}

const HOUR = 3_600_000;

/** The start of the UTC hour `d` falls in. */
export function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR) * HOUR);
}

/** The hour after `hour`. */
export function hourEnd(hour: Date): Date {
  return new Date(hour.getTime() + HOUR);
}

/**
 * The push's cutoff at `now`: every hour starting before it ended at least `graceSeconds` ago (is closed), the hour
 * starting at it has not.
 */
export function closedBefore(now: Date, graceSeconds: number): Date {
  return hourOf(new Date(now.getTime() - graceSeconds * 1000));
}
