import { describe, expect, it } from 'vitest';
import { meteringSn } from '../../../lib/usage/meteringSn';
import { closedBefore, hourEnd, hourOf, parseUsageValue, unitsOf, unitsToString } from '../../../lib/usage/units';

describe('usage values in ten-thousandths', () => {
  it('parses numbers and numeric strings with at most 4 decimals', () => {
    expect(parseUsageValue(12.5)).toEqual({ units: 125000 });
    expect(parseUsageValue('99')).toEqual({ units: 990000 });
    expect(parseUsageValue('0.0001')).toEqual({ units: 1 });
    expect(parseUsageValue(' 3.1415 ')).toEqual({ units: 31415 });
    expect(parseUsageValue(99999999.9999)).toEqual({ units: 999999999999 });
    // 0.1 + 0.2 as a float would not be exact; as units it is
    expect(unitsToString((parseUsageValue(0.1) as { units: number }).units + (parseUsageValue(0.2) as { units: number }).units)).toBe('0.3');
  });

  it('refuses zero, negatives, more than 4 decimals, 9 integer digits and non-numbers, saying why', () => {
    expect(parseUsageValue(0)).toEqual({ error: 'must be greater than 0' });
    expect(parseUsageValue('0.0000')).toEqual({ error: 'must be greater than 0' });
    expect(parseUsageValue(-1)).toEqual({ error: 'must be greater than 0' });
    expect(parseUsageValue('1.23456')).toEqual({ error: 'has more than 4 decimals' });
    expect(parseUsageValue(123456789)).toEqual({ error: 'has more than 8 digits before the decimal point' });
    expect(parseUsageValue(1e-7)).toMatchObject({ error: expect.stringContaining('decimal number') });
    expect(parseUsageValue('1e3')).toMatchObject({ error: expect.stringContaining('decimal number') });
    expect(parseUsageValue(Number.NaN)).toEqual({ error: 'must be a finite number' });
    expect(parseUsageValue(undefined)).toEqual({ error: 'is missing' });
    expect(parseUsageValue(true)).toEqual({ error: 'must be a number or a numeric string' });
    expect(parseUsageValue('12,5')).toMatchObject({ error: expect.any(String) });
  });

  it('prints units without trailing zeros and reads the database decimals back', () => {
    expect(unitsToString(125000)).toBe('12.5');
    expect(unitsToString(990000)).toBe('99');
    expect(unitsToString(1)).toBe('0.0001');
    expect(unitsOf('12.5000')).toBe(125000);
    expect(unitsOf('7')).toBe(70000);
    expect(unitsOf('0.0001')).toBe(1);
    expect(unitsToString(-5000)).toBe('-0.5');
    expect(unitsToString(0)).toBe('0');
  });
});

describe('hours', () => {
  it('buckets a time into its UTC hour', () => {
    expect(hourOf(new Date('2026-12-02T10:59:59.999Z')).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(hourOf(new Date('2026-12-02T11:00:00.000Z')).toISOString()).toBe('2026-12-02T11:00:00.000Z');
    // a +08:00 time lands in its UTC hour
    expect(hourOf(new Date('2026-12-02T18:30:00+08:00')).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(hourEnd(new Date('2026-12-02T10:00:00Z')).toISOString()).toBe('2026-12-02T11:00:00.000Z');
  });

  it('closes an hour only after the grace has passed since its end', () => {
    // 11:04:59 with 5 minutes of grace: 10:00-11:00 ended 4:59 ago, still open
    expect(closedBefore(new Date('2026-12-02T11:04:59Z'), 300).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(closedBefore(new Date('2026-12-02T11:05:00Z'), 300).toISOString()).toBe('2026-12-02T11:00:00.000Z');
    expect(closedBefore(new Date('2026-12-02T11:00:00Z'), 0).toISOString()).toBe('2026-12-02T11:00:00.000Z');
  });
});

describe('metering_sn', () => {
  const hour = new Date('2026-12-02T10:00:00Z');
  it('is the same for the same record, 64 hex characters', () => {
    expect(meteringSn('inst-1', hour, '', 1)).toBe(meteringSn('inst-1', hour, '', 1));
    expect(meteringSn('inst-1', hour, '', 1)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('differs by instance, hour, package and sequence', () => {
    const base = meteringSn('inst-1', hour, '', 1);
    expect(new Set([
      base,
      meteringSn('inst-2', hour, '', 1),
      meteringSn('inst-1', new Date('2026-12-02T11:00:00Z'), '', 1),
      meteringSn('inst-1', hour, 'pkg-1', 1),
      meteringSn('inst-1', hour, '', 2),
    ]).size).toBe(5);
  });
});
