import type { UsageEventInput } from './events';

/**
 * Which package pays for each usage event (spec §8.3), pure. A buyer's packages with a quota for the event's billing
 * item are used earliest expiry first (then the older purchase); what is left over is billed as plain pay-per-use, or,
 * when one of those packages is 用完即停 (stopAtQuota), is kept but never billed and the instance stops. The instance
 * stops too the moment its 用完即停 quota is used up exactly, and stays stopped until a package with quota left for
 * the item exists again (a new package order).
 */

export interface SubjectInstance {
  id: string;
  customerId: string | null;
  /** quota_exhausted_at is set */
  exhausted: boolean;
}

export interface PackageBalance {
  packageInstanceId: string;
  customerId: string | null;
  billingItem: string;
  /** null: no expiry */
  expireTime: Date | null;
  createdAt: Date;
  quotaUnits: number;
  usedUnits: number;
  stopAtQuota: boolean;
}

export interface EventPart {
  part: number;
  packageInstanceId: string | null;
  units: number;
  billable: boolean;
}

export interface Allocation {
  /** by the event's index in the request */
  parts: Map<number, EventPart[]>;
  /** instances stopped after these events (names the already stopped ones too) */
  stopped: Set<string>;
  /** stopped now, not before: tell the seller's SaaS */
  newlyStopped: Set<string>;
  /** stopped before, not any more: a package with quota left took usage */
  resumed: Set<string>;
}

function byExpiry(a: PackageBalance, b: PackageBalance): number {
  const ea = a.expireTime?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expireTime?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea - eb;
  if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt.getTime() - b.createdAt.getTime();
  return a.packageInstanceId < b.packageInstanceId ? -1 : a.packageInstanceId > b.packageInstanceId ? 1 : 0;
}

/** The packages that may pay for `subject`'s use of `item` at `time`: the buyer's, or the subject itself. */
function candidates(balances: PackageBalance[], subject: SubjectInstance, item: string, time: number): PackageBalance[] {
  return balances
    .filter(
      (b) =>
        b.billingItem === item &&
        (b.packageInstanceId === subject.id || (subject.customerId !== null && b.customerId === subject.customerId)) &&
        (b.expireTime === null || b.expireTime.getTime() > time),
    )
    .sort(byExpiry);
}

/**
 * Allocates `events` (new ones only, in the order they arrived) of the `subjects`; `balances` are used and changed
 * in place, so one batch sees its own deductions.
 */
export function allocate(events: UsageEventInput[], subjects: Map<string, SubjectInstance>, balances: PackageBalance[]): Allocation {
  const parts = new Map<number, EventPart[]>();
  const exhausted = new Map<string, boolean>();
  const stateOf = (s: SubjectInstance) => exhausted.get(s.id) ?? s.exhausted;
  for (const ev of events) {
    const subject = subjects.get(ev.instanceId);
    if (!subject) continue;
    const cands = candidates(balances, subject, ev.billingItem, ev.time);
    const list: EventPart[] = [];
    let left = ev.units;
    for (const c of cands) {
      const room = c.quotaUnits - c.usedUnits;
      if (room <= 0) continue;
      const take = Math.min(left, room);
      list.push({ part: list.length, packageInstanceId: c.packageInstanceId, units: take, billable: true });
      c.usedUnits += take;
      left -= take;
      if (left === 0) break;
    }
    if (list.length) exhausted.set(subject.id, false);
    const stopMode = cands.some((c) => c.stopAtQuota) || stateOf(subject);
    if (left > 0) {
      list.push({ part: list.length, packageInstanceId: null, units: left, billable: !stopMode });
      if (stopMode) exhausted.set(subject.id, true);
    }
    if (cands.some((c) => c.stopAtQuota) && cands.every((c) => c.usedUnits >= c.quotaUnits)) exhausted.set(subject.id, true);
    parts.set(ev.index, list);
  }
  const stopped = new Set<string>();
  const newlyStopped = new Set<string>();
  const resumed = new Set<string>();
  for (const s of subjects.values()) {
    const now = stateOf(s);
    if (now) stopped.add(s.id);
    if (now && !s.exhausted) newlyStopped.add(s.id);
    if (!now && s.exhausted) resumed.add(s.id);
  }
  return { parts, stopped, newlyStopped, resumed };
}
