import { describe, expect, it } from 'vitest';
import { allocate, type PackageBalance, type SubjectInstance } from '../../../lib/usage/allocate';
import type { UsageEventInput } from '../../../lib/usage/events';

const t = Date.parse('2026-12-02T10:15:00Z');
let n = 0;
const ev = (units: number, over: Partial<UsageEventInput> = {}): UsageEventInput => ({
  index: n++,
  id: `e${n}`,
  source: 's',
  instanceId: 'ppu',
  billingItem: 'sms',
  time: t,
  hour: Date.parse('2026-12-02T10:00:00Z'),
  units,
  ...over,
});
const subject = (over: Partial<SubjectInstance> = {}): Map<string, SubjectInstance> =>
  new Map([['ppu', { id: 'ppu', customerId: 'buyer', exhausted: false, ...over }]]);
const pkg = (id: string, quota: number, over: Partial<PackageBalance> = {}): PackageBalance => ({
  packageInstanceId: id,
  customerId: 'buyer',
  billingItem: 'sms',
  expireTime: new Date('2027-01-01T00:00:00Z'),
  createdAt: new Date('2026-11-01T00:00:00Z'),
  quotaUnits: quota,
  usedUnits: 0,
  stopAtQuota: false,
  ...over,
});

describe('allocate (spec §8.3)', () => {
  it('without packages, every event is plain pay-per-use, billed', () => {
    const e = ev(50);
    const a = allocate([e], subject(), []);
    expect(a.parts.get(e.index)).toEqual([{ part: 0, packageInstanceId: null, units: 50, billable: true }]);
    expect([...a.stopped]).toEqual([]);
  });

  it('deducts from the package with the earliest expiry first, then the next, then bills the rest (按需套餐包)', () => {
    const late = pkg('late', 100, { expireTime: new Date('2027-06-01T00:00:00Z') });
    const early = pkg('early', 30, { expireTime: new Date('2026-12-31T00:00:00Z') });
    const none = pkg('none', 1000, { expireTime: null });
    const balances = [late, none, early];
    const e1 = ev(20);
    const e2 = ev(150);
    const e3 = ev(2000);
    const a = allocate([e1, e2, e3], subject(), balances);
    expect(a.parts.get(e1.index)).toEqual([{ part: 0, packageInstanceId: 'early', units: 20, billable: true }]);
    expect(a.parts.get(e2.index)).toEqual([
      { part: 0, packageInstanceId: 'early', units: 10, billable: true },
      { part: 1, packageInstanceId: 'late', units: 100, billable: true },
      { part: 2, packageInstanceId: 'none', units: 40, billable: true },
    ]);
    expect(a.parts.get(e3.index)).toEqual([
      { part: 0, packageInstanceId: 'none', units: 960, billable: true },
      { part: 1, packageInstanceId: null, units: 1040, billable: true },
    ]);
    expect([early.usedUnits, late.usedUnits, none.usedUnits]).toEqual([30, 100, 1000]);
    expect(a.stopped.size).toBe(0);
  });

  it('the same expiry: the older purchase first', () => {
    const newer = pkg('newer', 10, { createdAt: new Date('2026-11-20T00:00:00Z') });
    const older = pkg('older', 10);
    const e = ev(5);
    expect(allocate([e], subject(), [newer, older]).parts.get(e.index)![0]!.packageInstanceId).toBe('older');
  });

  it('ignores packages expired at the event time, of another billing item or another buyer', () => {
    const e = ev(5);
    const a = allocate([e], subject(), [
      pkg('expired', 10, { expireTime: new Date('2026-12-02T10:00:00Z') }),
      pkg('mms', 10, { billingItem: 'mms' }),
      pkg('other', 10, { customerId: 'someone-else' }),
    ]);
    expect(a.parts.get(e.index)).toEqual([{ part: 0, packageInstanceId: null, units: 5, billable: true }]);
  });

  it('用完即停: stops exactly at the quota, keeps later usage unbilled, names the instance stopped', () => {
    const stop = pkg('stop', 100, { stopAtQuota: true });
    const e1 = ev(60);
    const e2 = ev(40);
    const e3 = ev(7);
    const a = allocate([e1, e2], subject(), [stop]);
    expect(a.parts.get(e2.index)).toEqual([{ part: 0, packageInstanceId: 'stop', units: 40, billable: true }]);
    expect([...a.stopped]).toEqual(['ppu']);
    expect([...a.newlyStopped]).toEqual(['ppu']);
    // later, the instance already stopped
    const b = allocate([e3], subject({ exhausted: true }), [stop]);
    expect(b.parts.get(e3.index)).toEqual([{ part: 0, packageInstanceId: null, units: 7, billable: false }]);
    expect([...b.stopped]).toEqual(['ppu']);
    expect(b.newlyStopped.size).toBe(0);
  });

  it('用完即停: an event crossing the quota is split: the quota billed, the rest kept unbilled', () => {
    const stop = pkg('stop', 100, { stopAtQuota: true, usedUnits: 90 });
    const e = ev(25);
    const a = allocate([e], subject(), [stop]);
    expect(a.parts.get(e.index)).toEqual([
      { part: 0, packageInstanceId: 'stop', units: 10, billable: true },
      { part: 1, packageInstanceId: null, units: 15, billable: false },
    ]);
    expect([...a.stopped]).toEqual(['ppu']);
  });

  it('a new package resumes a stopped instance; without quota left it stays stopped', () => {
    const old = pkg('old', 100, { stopAtQuota: true, usedUnits: 100 });
    const fresh = pkg('fresh', 50, { stopAtQuota: true, expireTime: new Date('2027-12-01T00:00:00Z') });
    const e = ev(5);
    const a = allocate([e], subject({ exhausted: true }), [old, fresh]);
    expect(a.parts.get(e.index)).toEqual([{ part: 0, packageInstanceId: 'fresh', units: 5, billable: true }]);
    expect([...a.resumed]).toEqual(['ppu']);
    expect(a.stopped.size).toBe(0);
    const e2 = ev(5);
    const b = allocate([e2], subject({ exhausted: true }), [old]);
    expect(b.parts.get(e2.index)![0]!.billable).toBe(false);
    expect(b.resumed.size).toBe(0);
  });

  it('a stopped instance whose packages are gone keeps its usage unbilled: only a new package resumes it', () => {
    const e = ev(5);
    const a = allocate([e], subject({ exhausted: true }), []);
    expect(a.parts.get(e.index)).toEqual([{ part: 0, packageInstanceId: null, units: 5, billable: false }]);
    expect([...a.stopped]).toEqual(['ppu']);
  });

  it('a package instance reporting its own usage pays from itself, even without a buyer', () => {
    const subjects = new Map([['p1', { id: 'p1', customerId: null, exhausted: false }]]);
    const e = ev(5, { instanceId: 'p1' });
    const a = allocate([e], subjects, [pkg('p1', 10, { customerId: null })]);
    expect(a.parts.get(e.index)).toEqual([{ part: 0, packageInstanceId: 'p1', units: 5, billable: true }]);
  });
});
