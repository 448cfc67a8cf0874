import type { Vars } from '../i18n/core';
import { refusal, type Refusal, type RefusalKey } from '../refusal';

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
/** The same decision with the refusal as a Refusal (a conflict, its message a catalogue key): what the console actions use. */
export type KeyedDeliveryDecision = { kind: 'apply'; to: DeliveryStatus } | { kind: 'refuse'; reason: string; refusal: Refusal };

export function isDeliveryStatus(v: unknown): v is DeliveryStatus {
  return typeof v === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(v);
}

type LicenceErrorKey = Extract<RefusalKey, `licences.err.${string}`> extends `licences.${infer K}` ? K : never;

function refuse(key: LicenceErrorKey, vars?: Vars): KeyedDeliveryDecision {
  const r = refusal('conflict', `licences.${key}`, vars);
  return { kind: 'refuse', reason: r.message, refusal: r };
}

export function decideDelivery(status: DeliveryStatus, action: DeliveryAction, facts: DeliveryFacts): DeliveryDecision {
  const d = decideDeliveryKeyed(status, action, facts);
  return d.kind === 'refuse' ? { kind: 'refuse', reason: d.reason } : d;
}

export function decideDeliveryKeyed(status: DeliveryStatus, action: DeliveryAction, facts: DeliveryFacts): KeyedDeliveryDecision {
  const open = status === 'awaiting' || status === 'rejected';
  switch (action) {
    case 'issue':
      if (!open) return refuse('err.cannotReplace', { status });
      if (facts.instanceReleased) return refuse('err.released');
      return { kind: 'apply', to: status };
    case 'deliver':
      if (!open) return refuse('err.alreadyDelivered', { status });
      if (facts.instanceReleased) return refuse('err.released');
      if (!facts.hasLicence) return refuse('err.needLicence');
      return { kind: 'apply', to: 'delivered' };
    case 'accept':
    case 'reject':
      // the buyer decides on a delivered licence only; a decision already recorded stays (a rejection is followed
      // by a new delivery, which the buyer decides on again)
      if (status !== 'delivered') {
        return status === 'awaiting' || status === 'rejected' ? refuse('err.notDelivered') : refuse('err.alreadyDecided', { status });
      }
      return { kind: 'apply', to: action === 'accept' ? 'accepted' : 'rejected' };
  }
}
