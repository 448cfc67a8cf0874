import { describe, expect, it } from 'vitest';
import { decideDelivery, DELIVERY_STATUSES, type DeliveryAction, type DeliveryStatus } from '@/lib/licences/transitions';

/** spec §9.4 service supervision: awaiting → delivered → accepted | rejected; rejected → delivered again. */
const live = { hasLicence: true, instanceReleased: false };

describe('licence delivery transitions', () => {
  const table: [DeliveryStatus, DeliveryAction, DeliveryStatus | null][] = [
    ['awaiting', 'issue', 'awaiting'],
    ['awaiting', 'deliver', 'delivered'],
    ['awaiting', 'accept', null],
    ['awaiting', 'reject', null],
    ['delivered', 'issue', null],
    ['delivered', 'deliver', null],
    ['delivered', 'accept', 'accepted'],
    ['delivered', 'reject', 'rejected'],
    ['accepted', 'issue', null],
    ['accepted', 'deliver', null],
    ['accepted', 'accept', null],
    ['accepted', 'reject', null],
    ['rejected', 'issue', 'rejected'],
    ['rejected', 'deliver', 'delivered'],
    ['rejected', 'accept', null],
    ['rejected', 'reject', null],
  ];
  it('covers every status and action', () => expect(table).toHaveLength(DELIVERY_STATUSES.length * 4));
  it.each(table)('%s + %s → %s', (from, action, to) => {
    const d = decideDelivery(from, action, live);
    if (to === null) expect(d).toMatchObject({ kind: 'refuse', reason: expect.any(String) });
    else expect(d).toEqual({ kind: 'apply', to });
  });

  it('a delivery needs a licence first', () => {
    expect(decideDelivery('awaiting', 'deliver', { ...live, hasLicence: false })).toEqual({ kind: 'refuse', reason: 'Generate or upload a licence first.' });
  });

  it('a released instance is owed nothing: no new licence, no delivery; a decision on a delivered one is still recorded', () => {
    const released = { hasLicence: true, instanceReleased: true };
    expect(decideDelivery('awaiting', 'issue', released).kind).toBe('refuse');
    expect(decideDelivery('rejected', 'deliver', released).kind).toBe('refuse');
    expect(decideDelivery('delivered', 'accept', released)).toEqual({ kind: 'apply', to: 'accepted' });
  });
});
