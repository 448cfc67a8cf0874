import { describe, expect, it } from 'vitest';
import { parse } from '../../../lib/console/route';
import { isRefusal } from '../../../lib/refusal';
import { PackageSkuInput } from '../../../lib/usage/packages';
import { balanceItems } from '../../../lib/usage/queries';

const valid = { productId: 'OFFI-PKG', skuCode: 'SKU-100', stopAtQuota: true, quotas: [{ billingItem: 'sms', quota: '100' }, { billingItem: 'mms', quota: 50.5 }] };
const fieldsOf = (input: unknown, locale: 'en' | 'zh' = 'en') => {
  const r = parse(PackageSkuInput, input, locale, 'body');
  return isRefusal(r) ? r.toEnvelope(locale).error.fields : r;
};

describe('package quota validation', () => {
  it('takes quotas as numbers or numeric strings, as units', () => {
    expect(PackageSkuInput.parse(valid)).toEqual({ ...valid, quotas: [{ billingItem: 'sms', quota: 1_000_000 }, { billingItem: 'mms', quota: 505_000 }] });
    expect(PackageSkuInput.parse({ ...valid, quotas: [{ billingItem: ' sms ', quota: '0.0001' }] }).quotas).toEqual([{ billingItem: 'sms', quota: 1 }]);
  });

  it('refuses each bad field by name: quota ≤ 0, more than 4 decimals, not a number; billing item empty or too long; duplicates', () => {
    expect(Object.keys(fieldsOf({ ...valid, quotas: [{ billingItem: 'a', quota: '0' }, { billingItem: 'b', quota: '1.23456' }, { billingItem: 'c', quota: 'ten' }, { billingItem: 'd', quota: -1 }] }) as object)).toEqual([
      'quotas.0.quota',
      'quotas.1.quota',
      'quotas.2.quota',
      'quotas.3.quota',
    ]);
    expect(Object.keys(fieldsOf({ ...valid, quotas: [{ billingItem: '', quota: '1' }, { billingItem: 'x'.repeat(65), quota: '1' }] }) as object)).toEqual(['quotas.0.billingItem', 'quotas.1.billingItem']);
    expect(fieldsOf({ ...valid, quotas: [{ billingItem: 'sms', quota: '1' }, { billingItem: 'sms', quota: '2' }] })).toEqual({ 'quotas.1.billingItem': 'quotas.1.billingItem: this billing item is listed twice.' });
    expect(fieldsOf({ ...valid, quotas: [{ billingItem: 'sms', quota: '1' }, { billingItem: 'sms', quota: '2' }] }, 'zh')).toEqual({ 'quotas.1.billingItem': 'quotas.1.billingItem：此计费项重复列出。' });
  });

  it('takes 1 to 50 billing items, and a product, a SKU and the stop flag', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ billingItem: `item${i}`, quota: 1 }));
    expect(PackageSkuInput.safeParse({ ...valid, quotas: items(50) }).success).toBe(true);
    expect(Object.keys(fieldsOf({ ...valid, quotas: items(51) }) as object)).toEqual(['quotas']);
    expect(Object.keys(fieldsOf({ ...valid, quotas: [] }) as object)).toEqual(['quotas']);
    expect(Object.keys(fieldsOf({ quotas: valid.quotas }) as object)).toEqual(['productId', 'skuCode', 'stopAtQuota']);
    expect(Object.keys(fieldsOf({ ...valid, productId: 'p'.repeat(65), stopAtQuota: 'yes' }) as object)).toEqual(['productId', 'stopAtQuota']);
  });
});

describe('package balances', () => {
  it('quota, used and remaining per billing item; exhausted at the quota; usage of an item without a quota listed after', () => {
    expect(
      balanceItems(
        [
          { billingItem: 'mms', quota: 500_000 },
          { billingItem: 'sms', quota: 1_000_000 },
        ],
        [
          { billingItem: 'sms', used: 1_000_000, relatedInstanceId: 'ppu-1' },
          { billingItem: 'mms', used: 125_000, relatedInstanceId: 'ppu-2' },
          { billingItem: 'extra', used: 10_000, relatedInstanceId: null },
        ],
      ),
    ).toEqual([
      { billingItem: 'mms', quota: 500_000, used: 125_000, remaining: 375_000, exhausted: false, relatedInstanceId: 'ppu-2' },
      { billingItem: 'sms', quota: 1_000_000, used: 1_000_000, remaining: 0, exhausted: true, relatedInstanceId: 'ppu-1' },
      { billingItem: 'extra', quota: null, used: 10_000, remaining: null, exhausted: false, relatedInstanceId: null },
    ]);
  });
});
