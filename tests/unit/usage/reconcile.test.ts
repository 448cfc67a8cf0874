import { describe, expect, it } from 'vitest';
import { discrepancy, reconcile, ZERO } from '../../../lib/usage/reconcile';
import { unitsToString } from '../../../lib/usage/units';

describe('reconciliation arithmetic', () => {
  const h = (hour: string, f: Partial<typeof ZERO>) => ({ hour, figures: { ...ZERO, ...f } });

  it('an hour agrees when measured = unbilled + pending + accepted + rejected + expired; pushed is outside the identity', () => {
    expect(discrepancy({ ...ZERO, measured: 100, unbilled: 10, pending: 20, accepted: 50, rejected: 15, expired: 5, pushed: 70 })).toBe(0);
    expect(discrepancy({ ...ZERO, measured: 100, accepted: 90 })).toBe(10);
    expect(discrepancy({ ...ZERO, measured: 100, accepted: 100, rejected: 1 })).toBe(-1);
  });

  it('totals add the hours exactly, count the hours that disagree, and the total difference is the sum of theirs', () => {
    const r = reconcile([
      h('2026-12-01T00:00:00.000Z', { measured: 125_000, accepted: 125_000, pushed: 125_000 }),
      h('2026-12-01T01:00:00.000Z', { measured: 3, pending: 1, unbilled: 2 }),
      h('2026-12-01T02:00:00.000Z', { measured: 10_000, accepted: 5_000, pushed: 5_000 }),
    ]);
    expect(r.totals).toEqual({ measured: 135_003, unbilled: 2, pending: 1, pushed: 130_000, accepted: 130_000, rejected: 0, expired: 0, difference: 5_000 });
    expect(r.mismatches).toBe(1);
    expect(r.hours.map((x) => x.difference)).toEqual([0, 0, 5_000]);
  });

  it('no hours: zero totals that agree', () => {
    expect(reconcile([])).toEqual({ hours: [], totals: { ...ZERO, difference: 0 }, mismatches: 0 });
  });

  it('shows units with their sign', () => {
    expect([0, 1, 125_000, 990_000, -5_000, -1].map(unitsToString)).toEqual(['0', '0.0001', '12.5', '99', '-0.5', '-0.0001']);
  });
});
