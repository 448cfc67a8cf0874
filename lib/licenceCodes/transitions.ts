/**
 * A licence code's lifecycle (spec §9.1): pending (its first activation is asking the marketplace) → active ⇄ frozen,
 * expired when its expiry passed, released for good. Pure: what a marketplace lifecycle call does to a code in a
 * given status. lib/licenceCodes/actions.ts applies the decision under the code's row lock, so concurrent duplicates
 * see the status the first one left (spec §7.3), as lib/instances/transitions.ts does for instances.
 */
export const CODE_STATUSES = ['pending', 'active', 'frozen', 'released', 'expired'] as const;
export type CodeStatus = (typeof CODE_STATUSES)[number];
export type CodeChange = 'RENEW' | 'FREEZE' | 'UNFREEZE' | 'RELEASE';

/** What the seller's SaaS hears of an applied change (through the webhook provisioner). */
export const LICENCE_EVENT_TYPES = ['licence.renewed', 'licence.frozen', 'licence.unfrozen', 'licence.released'] as const;
export type LicenceEventType = (typeof LICENCE_EVENT_TYPES)[number];

export type CodeDecision =
  /** change the status (a renewal may keep it) and emit the event */
  | { kind: 'apply'; to: CodeStatus; event: LicenceEventType }
  /** already done, or nothing to do: answer success, change nothing */
  | { kind: 'noop' }
  /** 000003 for a released code, 000005 for a state a retry later can pass */
  | { kind: 'refuse'; code: '000003' | '000005'; reason: string };

const PENDING: CodeDecision = { kind: 'refuse', code: '000005', reason: 'is being activated; retry later' };

/**
 * `renewedStatus`: what a renewal leaves: an expired code whose new expiry is ahead becomes active again, a frozen one
 * stays frozen until the marketplace unfreezes it (as for instances, spec §1.2), an active one whose expiry was moved
 * back into the past (a refunded renewal) is expired.
 */
export function decideCodeChange(status: CodeStatus, change: CodeChange, renewedStatus?: CodeStatus): CodeDecision {
  if (status === 'pending') return PENDING;
  switch (change) {
    case 'RENEW':
      if (status === 'released') return { kind: 'refuse', code: '000003', reason: 'has been released' };
      return { kind: 'apply', to: status === 'frozen' ? 'frozen' : (renewedStatus ?? status), event: 'licence.renewed' };
    case 'FREEZE':
      if (status === 'active' || status === 'expired') return { kind: 'apply', to: 'frozen', event: 'licence.frozen' };
      return { kind: 'noop' }; // frozen already; released: nothing left to freeze
    case 'UNFREEZE':
      if (status === 'frozen') return { kind: 'apply', to: 'active', event: 'licence.unfrozen' };
      if (status === 'released') return { kind: 'refuse', code: '000003', reason: 'has been released' };
      return { kind: 'noop' }; // not frozen: nothing to do
    case 'RELEASE':
      return status === 'released' ? { kind: 'noop' } : { kind: 'apply', to: 'released', event: 'licence.released' };
  }
}

/** The status a code's expiry gives it, when it is otherwise live. */
export function statusByExpiry(expireTime: Date | null, now: number): 'active' | 'expired' {
  return expireTime !== null && expireTime.getTime() <= now ? 'expired' : 'active';
}
