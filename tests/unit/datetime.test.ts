import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatLocal, formatUtc, parseLocal } from '../../lib/datetime';

describe('lib/datetime: one unambiguous time format', () => {
  const at = new Date('2026-12-01T10:50:33.123Z');
  let tz: string | undefined;
  beforeEach(() => {
    tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
  });
  afterEach(() => {
    process.env.TZ = tz;
  });

  it('shows ISO-like local time, UTC on request', () => {
    expect(formatLocal(at)).toBe('2026-12-01 18:50:33');
    expect(formatLocal(at, 'second', 'Europe/Berlin')).toBe('2026-12-01 11:50:33');
    expect(formatLocal(at, 'minute')).toBe('2026-12-01 18:50');
    expect(formatLocal(at, 'date', 'America/Los_Angeles')).toBe('2026-12-01');
    expect(formatLocal(new Date('2026-12-01T20:00:00Z'), 'date')).toBe('2026-12-02');
    expect(formatLocal(at, 'time')).toBe('18:50:33');
    expect(formatLocal(at, 'hourMinute', 'UTC')).toBe('10:50');
    expect(formatUtc(at)).toBe('2026-12-01 10:50:33 UTC');
    expect(formatLocal(new Date('nope'))).toBe('—');
  });

  it('midnight is 00, never 24', () => {
    expect(formatLocal(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02 00:00:00');
    expect(formatLocal(new Date('2026-12-01T00:00:00Z'), 'second', 'UTC')).toBe('2026-12-01 00:00:00');
  });

  it('reads back what it shows, in the reader\'s zone, and refuses anything else', () => {
    expect(parseLocal('2026-12-01 18:50:33')?.toISOString()).toBe('2026-12-01T10:50:33.000Z');
    expect(parseLocal('2026-12-01T18:50')?.toISOString()).toBe('2026-12-01T10:50:00.000Z');
    expect(parseLocal(' 2026-12-01 ')?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(parseLocal(formatLocal(at))?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
    for (const bad of ['', '01/12/2026', '2026-02-31', '2026-12-01 25:00', '2026-12-1', 'yesterday']) expect(parseLocal(bad), bad).toBeNull();
  });
});
