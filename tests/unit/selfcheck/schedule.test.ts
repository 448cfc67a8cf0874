import { describe, expect, it } from 'vitest';
import {
  dayInZone,
  dueSlot,
  isTimeZone,
  nextSlot,
  parseSelfCheckSchedule,
  parseSelfCheckTimes,
  passingStreak,
  slotKey,
  slotsAround,
  SELF_CHECK_GRACE_MS,
} from '../../../lib/selfcheck/schedule';

const shanghai = parseSelfCheckSchedule(undefined, undefined)!;
const iso = (d: Date | undefined) => d?.toISOString();

describe('self-check schedule', () => {
  it('defaults to 07:00 and 19:00 Asia/Shanghai', () => {
    expect(shanghai).toEqual({ times: [{ hour: 7, minute: 0 }, { hour: 19, minute: 0 }], timeZone: 'Asia/Shanghai' });
  });

  it('parses times sorted and without repeats; "off" disables', () => {
    expect(parseSelfCheckTimes(' 19:30, 7:05 ,19:30')).toEqual([{ hour: 7, minute: 5 }, { hour: 19, minute: 30 }]);
    expect(parseSelfCheckTimes('00:00')).toEqual([{ hour: 0, minute: 0 }]);
    expect(parseSelfCheckTimes('OFF')).toBeNull();
    expect(parseSelfCheckSchedule('off', 'UTC')).toBeNull();
  });

  it('refuses bad times and zones with a message naming the variable and the value', () => {
    for (const bad of ['', '7', '24:00', '07:60', '7h', '07:00;19:00', '07:00,', 'never']) {
      expect(() => parseSelfCheckTimes(bad), bad).toThrow(/^SELF_CHECK_TIMES must be times of day like "07:00,19:00".*got/);
    }
    expect(() => parseSelfCheckSchedule('07:00', 'Mars/Olympus')).toThrow('SELF_CHECK_TIMEZONE must be an IANA time zone such as Asia/Shanghai or UTC, got "Mars/Olympus"');
    expect(() => parseSelfCheckSchedule('07:00', '')).toThrow(/SELF_CHECK_TIMEZONE/);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Nowhere')).toBe(false);
  });

  it('puts the slots of Asia/Shanghai (UTC+8) at 23:00 and 11:00 UTC, around now', () => {
    const now = new Date('2026-12-03T16:20:00Z'); // 2026-12-04 00:20 in Shanghai
    expect(dayInZone(now, 'Asia/Shanghai')).toBe('2026-12-04');
    expect(slotsAround(shanghai, now).map(iso)).toEqual([
      '2026-12-02T23:00:00.000Z',
      '2026-12-03T11:00:00.000Z',
      '2026-12-03T23:00:00.000Z',
      '2026-12-04T11:00:00.000Z',
      '2026-12-04T23:00:00.000Z',
      '2026-12-05T11:00:00.000Z',
    ]);
    expect(iso(nextSlot(shanghai, now))).toBe('2026-12-03T23:00:00.000Z');
    expect(slotKey(new Date('2026-12-03T23:00:00Z'))).toBe('self-check:2026-12-03T23:00:00Z');
  });

  it('the slot due is the latest one passed, within the grace of an hour, then none until the next', () => {
    const slot = '2026-12-03T23:00:00.000Z';
    expect(dueSlot(shanghai, new Date('2026-12-03T22:59:59Z'))).toBeUndefined();
    expect(iso(dueSlot(shanghai, new Date(slot)))).toBe(slot);
    expect(iso(dueSlot(shanghai, new Date('2026-12-03T23:00:40Z')))).toBe(slot);
    expect(iso(dueSlot(shanghai, new Date(Date.parse(slot) + SELF_CHECK_GRACE_MS)))).toBe(slot);
    expect(dueSlot(shanghai, new Date(Date.parse(slot) + SELF_CHECK_GRACE_MS + 1000))).toBeUndefined();
    expect(iso(nextSlot(shanghai, new Date(slot)))).toBe('2026-12-04T11:00:00.000Z');
    expect(dueSlot(null, new Date(slot))).toBeUndefined();
    expect(nextSlot(null, new Date(slot))).toBeUndefined();
  });

  it('follows other zones, across midnight and daylight saving time', () => {
    const utc = parseSelfCheckSchedule('00:00,12:30', 'UTC')!;
    expect(iso(dueSlot(utc, new Date('2026-12-04T00:10:00Z')))).toBe('2026-12-04T00:00:00.000Z');
    expect(iso(nextSlot(utc, new Date('2026-12-04T00:10:00Z')))).toBe('2026-12-04T12:30:00.000Z');
    const ny = parseSelfCheckSchedule('07:00', 'America/New_York')!;
    // EDT (UTC-4) in summer, EST (UTC-5) in winter; 2026-11-01 is the day the clocks go back
    expect(iso(nextSlot(ny, new Date('2026-07-01T00:00:00Z')))).toBe('2026-07-01T11:00:00.000Z');
    expect(iso(nextSlot(ny, new Date('2026-12-01T00:00:00Z')))).toBe('2026-12-01T12:00:00.000Z');
    expect(iso(nextSlot(ny, new Date('2026-11-01T00:00:00Z')))).toBe('2026-11-01T12:00:00.000Z');
    expect(iso(nextSlot(ny, new Date('2026-03-08T00:00:00Z')))).toBe('2026-03-08T11:00:00.000Z');
    // a time in the spring-forward gap still gives one slot that day, just after the gap
    const gap = parseSelfCheckSchedule('02:30', 'America/New_York')!;
    const s = nextSlot(gap, new Date('2026-03-08T05:00:00Z'))!;
    expect(dayInZone(s, 'America/New_York')).toBe('2026-03-08');
    expect(s.getTime()).toBeGreaterThan(Date.parse('2026-03-08T06:59:59Z'));
    const kolkata = parseSelfCheckSchedule('07:00', 'Asia/Kolkata')!;
    expect(iso(nextSlot(kolkata, new Date('2026-12-03T00:00:00Z')))).toBe('2026-12-03T01:30:00.000Z');
  });

  it('counts the days in a row that passed, back from the newest day with a run', () => {
    expect(passingStreak([])).toBe(0);
    expect(passingStreak([{ day: '2026-12-04', passed: true }])).toBe(1);
    const days = [
      { day: '2026-12-01', passed: true },
      { day: '2026-12-04', passed: true },
      { day: '2026-12-02', passed: false },
      { day: '2026-12-03', passed: true },
    ];
    expect(passingStreak(days)).toBe(2);
    expect(passingStreak([...days, { day: '2026-12-05', passed: false }])).toBe(0);
    // a day without a run ends it
    expect(passingStreak([{ day: '2026-12-04', passed: true }, { day: '2026-12-02', passed: true }])).toBe(1);
    // across a month's end
    expect(passingStreak([{ day: '2026-12-01', passed: true }, { day: '2026-11-30', passed: true }])).toBe(2);
  });
});
