import { describe, expect, it } from 'vitest';
import { buildBody, DEBUG_ACTIVITIES, replayWarnings, validateForm, validateTargetUrl } from '../../../lib/debugger/catalog';
import { prefill } from '../../../lib/debugger/prefill';
import { parseActivityRequest } from '../../../lib/marketplace/schemas';

describe('debugger form validation', () => {
  it('the prefilled mock-order forms are valid, and their bodies parse as the app parses them', () => {
    const p = prefill(new Date('2026-01-01T00:00:00Z'));
    for (const a of DEBUG_ACTIVITIES) {
      expect(validateForm(a, p[a]), a).toEqual({});
      const filled = Object.fromEntries(Object.entries(p[a]).map(([k, v]) => [k, v.replace('{{uuid}}', 'b-1').replace('{{lastInstanceId}}', 'i-1')]));
      const body = buildBody(a, filled);
      expect(body.testFlag).toBe('1');
      expect(parseActivityRequest(body), a).toMatchObject({ ok: true });
    }
    for (const scene of Object.values(p.scenes)) expect(validateForm('refreshInstance', scene)).toEqual({});
    expect(p.newInstance).toMatchObject({ orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' });
    expect(p.scenes.TRIAL_TO_FORMAL.orderId).toBe('MOCKMONTYTRIALTOFORMAL');
  });

  it('names the field at fault, with one specific error each', () => {
    expect(validateForm('newInstance', { orderId: '', orderLineId: 'x'.repeat(65), businessId: '{{uuid}}' })).toEqual({
      orderId: { code: 'required' },
      orderLineId: { code: 'tooLong', vars: { max: 64 } },
    });
    expect(validateForm('refreshInstance', { scene: 'RENEW', instanceId: 'i', orderId: 'o', orderLineId: 'l', expireTime: '20261301000000' })).toEqual({
      scene: { code: 'enum', vars: { options: 'TRIAL_TO_FORMAL, RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD, RENEWAL_CHANGE' } },
      expireTime: { code: 'time' },
    });
    expect(validateForm('updateInstanceStatus', { instanceId: 'i', status: 'PAUSE' }).status!.code).toBe('enum');
    expect(validateForm('changeInstanceCheck', { instanceId: 'i', 'productInfo.productId': 'p', 'productInfo.skuCode': 's', 'productInfo.productName': 'n', 'productInfo.linearValue': '1.5' })).toEqual({
      'productInfo.linearValue': { code: 'int' },
    });
    expect(validateForm('queryInstance', { instanceId: 'a,,b' })).toEqual({ instanceId: { code: 'ids' } });
    expect(validateForm('queryInstance', { instanceId: Array.from({ length: 101 }, (_, i) => `i${i}`).join(',') })).toEqual({ instanceId: { code: 'ids' } });
    expect(validateForm('queryInstance', { instanceId: '{{nope}}' }).instanceId!.code).toBe('placeholder');
    expect(validateForm('refreshInstance', { scene: 'RENEWAL', instanceId: 'i', orderId: 'o', orderLineId: 'l', expireTime: '{{uuid}}' }).expireTime!.code).toBe('noPlaceholder');
    expect(validateForm('orderNotify', { orderId: 5, orderLineId: 'l' })).toEqual({ orderId: { code: 'notString' } });
    // optional fields may be empty
    expect(validateForm('releaseInstance', { instanceId: 'i', orderId: '' })).toEqual({});
  });

  it('builds the nested changeInstanceCheck body with a numeric linearValue', () => {
    expect(buildBody('changeInstanceCheck', { instanceId: 'i', 'productInfo.productId': 'p', 'productInfo.skuCode': 's', 'productInfo.productName': 'n', 'productInfo.linearValue': '50' })).toEqual({
      activity: 'changeInstanceCheck',
      instanceId: 'i',
      productInfo: { productId: 'p', skuCode: 's', productName: 'n', linearValue: 50 },
      testFlag: '1',
    });
  });

  it('target URLs: http(s) only', () => {
    expect(validateTargetUrl(undefined)).toBeUndefined();
    expect(validateTargetUrl('https://isv.example.com/saasproduce')).toBeUndefined();
    expect(validateTargetUrl('not a url')).toBe('url');
    expect(validateTargetUrl('ftp://x/y')).toBe('scheme');
    expect(validateTargetUrl('file:///etc/passwd')).toBe('scheme');
    expect(validateTargetUrl('https://x/' + 'a'.repeat(2048))).toBe('urlTooLong');
  });

  it('warns about cases that a release on {{lastInstanceId}} will break on the next replay', () => {
    const c = (name: string, activity: string, instanceId = '{{lastInstanceId}}') => ({ name, activity, params: { instanceId } });
    expect(replayWarnings([c('buy', 'newInstance'), c('query', 'queryInstance'), c('renew', 'refreshInstance')])).toEqual([]);
    expect(replayWarnings([c('renew', 'refreshInstance'), c('freeze', 'updateInstanceStatus'), c('other', 'refreshInstance', 'fixed'), c('release', 'releaseInstance')])).toEqual([
      'renew',
      'freeze',
    ]);
  });
});
