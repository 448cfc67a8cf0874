import { describe, expect, it } from 'vitest';
import { deliveryGeneration, parseDeliveryFilters, shortFingerprint } from '../../../lib/licences/queries';

/** Which generation a delivery is, derived from data (issue 10): the Licences page's badge and filter. */
describe('delivery generation', () => {
  it('a licence-code order or a linked code is a licence code; an online mark is online; anything else manual', () => {
    expect(deliveryGeneration({ kind: 'LICENSE_CODE', hasCode: false })).toBe('licence_code');
    expect(deliveryGeneration({ kind: 'NEW', hasCode: true })).toBe('licence_code');
    expect(deliveryGeneration({ kind: 'NEW', hasCode: false, mark: 'licence_code' })).toBe('licence_code');
    expect(deliveryGeneration({ kind: 'NEW', hasCode: false, mark: 'online' })).toBe('online');
    expect(deliveryGeneration({ kind: 'RENEWAL', hasCode: false, mark: 'online' })).toBe('online');
    // a code wins over a mark: the code is what the buyer holds
    expect(deliveryGeneration({ kind: 'LICENSE_CODE', hasCode: true, mark: 'online' })).toBe('licence_code');
    for (const kind of ['NEW', 'TRIAL_TO_FORMAL', 'RENEWAL', 'RENEWAL_CHANGE', 'UPGRADE']) {
      expect(deliveryGeneration({ kind, hasCode: false })).toBe('manual');
      expect(deliveryGeneration({ kind, hasCode: false, mark: null })).toBe('manual');
      expect(deliveryGeneration({ kind, hasCode: false, mark: 'manual' })).toBe('manual');
    }
  });

  it('the filter takes a known generation only', () => {
    expect(parseDeliveryFilters({ generation: 'licence_code' })).toMatchObject({ generation: 'licence_code' });
    expect(parseDeliveryFilters(new URLSearchParams('generation=online&status=delivered'))).toMatchObject({ generation: 'online', status: 'delivered' });
    expect(parseDeliveryFilters({ generation: 'psychic' }).generation).toBeUndefined();
  });

  it('a device fingerprint is shortened, enough to tell devices apart', () => {
    expect(shortFingerprint(null)).toBeNull();
    expect(shortFingerprint('BOARD-1234')).toBe('BOARD-1234');
    expect(shortFingerprint('8A3F6034E2C1D9B760E1AA55')).toBe('8A3F6034…AA55');
  });
});
