/**
 * When the self-check runs (issue 12): the marketplace replays the seller's saved debugging cases against the
 * production URL twice a day and hides the product after 5 days of failures (spec §1.2, §7.4, §10.1); the app replays
 * them itself first, at SELF_CHECK_TIMES (wall-clock times) in SELF_CHECK_TIMEZONE. Pure: every function takes `now`,
 * so tests never wait for the clock.
 *
 * A slot is one scheduled instant (07:00 Asia/Shanghai on 2026-12-04 = 2026-12-03T23:00:00Z). A process that was down
 * at a slot runs it when it is back only within SELF_CHECK_GRACE_MS; later, it waits for the next slot (a check
 * hours late says nothing about the time the marketplace dialled).
 */

export interface WallTime {
  hour: number;
  minute: number;
}

export interface SelfCheckSchedule {
  /** sorted, without repeats */
  times: WallTime[];
  /** an IANA time zone Intl knows */
  timeZone: string;
}

export const DEFAULT_SELF_CHECK_TIMES = '07:00,19:00';
export const DEFAULT_SELF_CHECK_TIMEZONE = 'Asia/Shanghai';
/** a slot missed while no process was running is still run this long after it */
export const SELF_CHECK_GRACE_MS = 3600 * 1000;

/**
 * `07:00,19:00` → the times, sorted; `off` (any case) → null. Throws naming the variable and the value at fault.
 */
export function parseSelfCheckTimes(text: string, name = 'SELF_CHECK_TIMES'): WallTime[] | null {
  const v = text.trim();
  if (/^off$/i.test(v)) return null;
  const parts = v.split(',').map((p) => p.trim());
  const times = new Map<number, WallTime>();
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(p);
    const hour = m ? Number(m[1]) : NaN;
    const minute = m ? Number(m[2]) : NaN;
    if (!m || hour > 23 || minute > 59) {
      throw new Error(`${name} must be times of day like "07:00,19:00" (24-hour HH:MM, comma-separated) or "off", got "${text}" ("${p}" is not a time)`);
    }
    times.set(hour * 60 + minute, { hour, minute });
  }
  return [...times.entries()].sort(([a], [b]) => a - b).map(([, t]) => t);
}

/** Whether Intl knows the zone (an IANA name such as Asia/Shanghai, or UTC). */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The schedule from the two variables' values; null when SELF_CHECK_TIMES is `off`. Throws on a bad value. */
export function parseSelfCheckSchedule(times: string | undefined, zone: string | undefined): SelfCheckSchedule | null {
  const parsed = parseSelfCheckTimes(times ?? DEFAULT_SELF_CHECK_TIMES);
  const timeZone = (zone ?? DEFAULT_SELF_CHECK_TIMEZONE).trim();
  if (!isTimeZone(timeZone)) throw new Error(`SELF_CHECK_TIMEZONE must be an IANA time zone such as Asia/Shanghai or UTC, got "${zone}"`);
  return parsed && { times: parsed, timeZone };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at an instant, as if it were UTC (milliseconds, seconds precision). */
function wallClock(instant: number, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The calendar day in the zone at an instant: `2026-12-04`. */
export function dayInZone(instant: Date | number, timeZone: string): string {
  return new Date(wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant at which the zone's clocks show a wall time (`wall`: the wall time written as a UTC instant). In a
 * spring-forward gap (02:30 that never happens) the instant the offset before the gap gives, i.e. just after the
 * gap; in a fall-back hour (01:30 twice) the first.
 */
function instantOf(wall: number, timeZone: string): number {
  const first = wall - (wallClock(wall, timeZone) - wall);
  const offset = wallClock(first, timeZone) - first;
  const second = wall - offset;
  // a fall-back hour: the earlier of the two instants showing the wall time
  const earlier = Math.min(first, second);
  return wallClock(earlier, timeZone) === wall ? earlier : Math.max(first, second);
}

/** The slots of the zone's days from `fromDay` days before now's day to `toDay` days after it, in order. */
export function slotsAround(schedule: SelfCheckSchedule, now: Date, fromDay = -1, toDay = 1): Date[] {
  const today = wallClock(now.getTime(), schedule.timeZone);
  const d = new Date(today);
  const out: number[] = [];
  for (let k = fromDay; k <= toDay; k++) {
    for (const t of schedule.times) {
      out.push(instantOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + k, t.hour, t.minute), schedule.timeZone));
    }
  }
  return [...new Set(out)].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/** The latest slot at or before now, if it is at most `graceMs` ago: the one to run now. */
export function dueSlot(schedule: SelfCheckSchedule | null, now: Date, graceMs = SELF_CHECK_GRACE_MS): Date | undefined {
  if (!schedule) return undefined;
  const past = slotsAround(schedule, now).filter((s) => s.getTime() <= now.getTime());
  const latest = past.at(-1);
  return latest && now.getTime() - latest.getTime() <= graceMs ? latest : undefined;
}

/** The first slot after now. */
export function nextSlot(schedule: SelfCheckSchedule | null, now: Date): Date | undefined {
  if (!schedule) return undefined;
  return slotsAround(schedule, now, 0, 2).find((s) => s.getTime() > now.getTime());
}

/** The slot's job key: one job per slot across every process (lib/jobs/queue.ts enqueueOncePerSlot). */
export function slotKey(slot: Date): string {
  return `self-check:${slot.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}

/** `07:00` */
export function formatWallTime(t: WallTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/**
 * The days in a row the self-check passed, counted back from the newest day that had a scheduled run: `days` are the
 * zone's days with scheduled runs, each passed when all its runs passed. A day without a run ends the streak (nothing
 * says it passed), as does a failed day.
 */
export function passingStreak(days: { day: string; passed: boolean }[]): number {
  const sorted = [...days].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  let n = 0;
  let expected: number | undefined;
  for (const d of sorted) {
    const at = Date.parse(`${d.day}T00:00:00Z`);
    if (expected !== undefined && at !== expected) break;
    if (!d.passed) break;
    n++;
    expected = at - 24 * 3600 * 1000;
  }
  return n;
}
