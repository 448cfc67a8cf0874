/**
 * The delivery of one licence, following the marketplace's service supervision (spec §9.4): awaiting delivery →
 * delivered (the seller confirms, with the actual service start time) → accepted or rejected by the buyer; after a
 * rejection the seller delivers again. Pure: what an action does to a delivery in a given state. The console actions
 * (lib/licences/actions.ts) apply the decision under a row lock, so concurrent clicks see the state the first left.
 */
export const DELIVERY_STATUSES = ['awaiting', 'delivered', 'accepted', 'rejected'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** issue: generate a key or upload a file; deliver: confirm delivery; accept / reject: record the buyer's decision. */
export type DeliveryAction = 'issue' | 'deliver' | 'accept' | 'reject';

export interface DeliveryFacts {
  /** a licence has been issued (generated or uploaded) for this delivery */
  hasLicence: boolean;
  /** the instance has been released: nothing is owed any more */
  instanceReleased: boolean;
}

export type DeliveryDecision = { kind: 'apply'; to: DeliveryStatus } | { kind: 'refuse'; reason: string };

export function isDeliveryStatus(v: unknown): v is DeliveryStatus {
  return typeof v === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(v);
}

export function decideDelivery(status: DeliveryStatus, action: DeliveryAction, facts: DeliveryFacts): DeliveryDecision {
  const open = status === 'awaiting' || status === 'rejected';
  switch (action) {
    case 'issue':
      if (!open) return { kind: 'refuse', reason: `The licence has been ${status}; it cannot be replaced.` };
      if (facts.instanceReleased) return { kind: 'refuse', reason: 'The instance has been released: no licence is owed.' };
      return { kind: 'apply', to: status };
    case 'deliver':
      if (!open) return { kind: 'refuse', reason: `The licence has already been ${status}.` };
      if (facts.instanceReleased) return { kind: 'refuse', reason: 'The instance has been released: no licence is owed.' };
      if (!facts.hasLicence) return { kind: 'refuse', reason: 'Generate or upload a licence first.' };
      return { kind: 'apply', to: 'delivered' };
    case 'accept':
    case 'reject':
      // the buyer decides on a delivered licence only; a decision already recorded stays (a rejection is followed
      // by a new delivery, which the buyer decides on again)
      if (status !== 'delivered') {
        return { kind: 'refuse', reason: status === 'awaiting' || status === 'rejected' ? 'The licence has not been delivered yet.' : `The buyer's decision is already recorded (${status}).` };
      }
      return { kind: 'apply', to: action === 'accept' ? 'accepted' : 'rejected' };
  }
}
