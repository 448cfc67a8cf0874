/**
 * The console's one way of showing a time (issue 7): ISO-like `2026-12-01 18:50:33`, in the reader's time zone, with
 * the same instant in UTC on hover. Never a locale's short date (is 01/12 the first of December or the twelfth of
 * January?). Pure and client-safe; components/LocalTime.tsx renders it.
 */
export type Precision = 'second' | 'minute' | 'date' | 'time' | 'hourMinute';

const pad = (n: number) => String(n).padStart(2, '0');

/** Year … second of `d` as seen in `timeZone` (default: the process's / browser's own zone). */
function parts(d: Date, timeZone?: string): { y: string; mo: string; da: string; h: string; mi: string; s: string } {
  if (!timeZone) {
    return { y: String(d.getFullYear()), mo: pad(d.getMonth() + 1), da: pad(d.getDate()), h: pad(d.getHours()), mi: pad(d.getMinutes()), s: pad(d.getSeconds()) };
  }
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: p.year!, mo: p.month!, da: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

function join(p: ReturnType<typeof parts>, precision: Precision): string {
  const date = `${p.y}-${p.mo}-${p.da}`;
  switch (precision) {
    case 'date':
      return date;
    case 'time':
      return `${p.h}:${p.mi}:${p.s}`;
    case 'hourMinute':
      return `${p.h}:${p.mi}`;
    case 'minute':
      return `${date} ${p.h}:${p.mi}`;
    default:
      return `${date} ${p.h}:${p.mi}:${p.s}`;
  }
}

/** `2026-12-01 18:50:33` in `timeZone` (default: the reader's own). */
export function formatLocal(d: Date, precision: Precision = 'second', timeZone?: string): string {
  return Number.isNaN(d.getTime()) ? '—' : join(parts(d, timeZone), precision);
}

/** `2026-12-01 10:50:33 UTC`. */
export function formatUtc(d: Date, precision: Precision = 'second'): string {
  return Number.isNaN(d.getTime()) ? '—' : `${formatLocal(d, precision, 'UTC')} UTC`;
}

const INPUT = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*$/;

/**
 * A time typed in the format the console shows (`2026-12-01 18:50:33`, `2026-12-01 18:50` or `2026-12-01`), read in
 * the reader's own time zone; null when it is not one (a form says so instead of guessing).
 */
export function parseLocal(text: string): Date | null {
  const m = INPUT.exec(text);
  if (!m) return null;
  const [y, mo, da, h = '0', mi = '0', s = '0'] = m.slice(1).map((v) => v ?? undefined) as string[];
  const d = new Date(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s));
  // 2026-02-31 would roll over into March: refuse it
  if (d.getFullYear() !== Number(y) || d.getMonth() !== Number(mo) - 1 || d.getDate() !== Number(da) || d.getHours() !== Number(h) || d.getMinutes() !== Number(mi)) {
    return null;
  }
  return d;
}

/** The placeholder of a time input: the format itself. */
export const TIME_INPUT_FORMAT = 'YYYY-MM-DD HH:mm:ss';
