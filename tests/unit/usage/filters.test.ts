import { describe, expect, it } from 'vitest';
import { hoursOf, MAX_RANGE_HOURS, parseUsageFilters, UsageQuery, usageRange, usageSearch } from '../../../lib/usage/filters';

describe('usage filters', () => {
  const now = new Date('2026-12-02T10:20:00Z');

  it('defaults to the 48 hours ending with the current hour, and rounds a range out to whole hours', () => {
    expect(usageRange({}, now)).toEqual({ from: new Date('2026-11-30T11:00:00Z'), to: new Date('2026-12-02T11:00:00Z') });
    expect(usageRange({ from: '2026-12-01T08:30:00Z', to: '2026-12-01T10:00:00Z' }, now)).toEqual({ from: new Date('2026-12-01T08:00:00Z'), to: new Date('2026-12-01T10:00:00Z') });
    expect(usageRange({ from: '2026-12-01T08:30:00Z', to: '2026-12-01T09:10:00Z' }, now)).toEqual({ from: new Date('2026-12-01T08:00:00Z'), to: new Date('2026-12-01T10:00:00Z') });
    expect(hoursOf(usageRange({ from: '2026-12-01T08:00:00Z', to: '2026-12-01T11:00:00Z' }, now) as never).map((d) => d.toISOString())).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
    ]);
  });

  it('refuses from after to and more than 31 days of hours, naming the field', () => {
    expect(usageRange({ from: '2026-12-01T10:00:00Z', to: '2026-12-01T10:00:00Z' }, now)).toEqual({ error: 'usage.err.order', field: 'from' });
    const to = new Date('2026-12-01T00:00:00Z');
    const ok = new Date(to.getTime() - MAX_RANGE_HOURS * 3_600_000).toISOString();
    const tooLong = new Date(to.getTime() - (MAX_RANGE_HOURS + 1) * 3_600_000).toISOString();
    expect(usageRange({ from: ok, to: to.toISOString() }, now)).not.toHaveProperty('error');
    expect(usageRange({ from: tooLong, to: to.toISOString() }, now)).toEqual({ error: 'usage.err.tooLong', field: 'from' });
    const r = UsageQuery.safeParse({ from: tooLong, to: to.toISOString() });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['from', 'usage.err.tooLong']]);
    expect(UsageQuery.safeParse({ to: 'yesterday' }).error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['to', 'usage.err.time']]);
  });

  it('reads filters from a URL and writes them back in a stable order, empty values left out', () => {
    const f = parseUsageFilters(new URLSearchParams('to=2026-12-01T00:00:00.000Z&instanceId=%20i-1%20&billingItem=&x=1'));
    expect(f).toEqual({ instanceId: 'i-1', to: '2026-12-01T00:00:00.000Z' });
    expect(usageSearch(f)).toBe('?instanceId=i-1&to=2026-12-01T00%3A00%3A00.000Z');
    expect(usageSearch({})).toBe('');
    expect(parseUsageFilters({ instanceId: ['a', 'b'] })).toEqual({ instanceId: 'b' });
  });
});
