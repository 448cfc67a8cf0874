import { describe, expect, it } from 'vitest';
import { reproduceInbound } from '@/lib/calls/curl';
import { isRefusal } from '@/lib/refusal';
import { loadConfig } from '@/lib/config';
import { verifyV2Request } from '@/lib/marketplace/verify';

const KEY = 'curl-unit-key-0123456789';
const config = loadConfig({ MARKETPLACE_KEY: KEY, MARKETPLACE_KEY_GENERAL: 'general-key-abc', PUBLIC_URL: 'https://seller.example.com', DATA_DIR: '/tmp/x' });
const call = { direction: 'inbound' as const, activity: 'queryInstance', requestBody: '{"activity":"queryInstance","instanceId":"i-1","testFlag":"1"}' };

describe('reproduceInbound', () => {
  it('signs the stored body afresh for the production URL, valid 60 s, without the key in sight', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    const out = reproduceInbound(call, config, now);
    if (isRefusal(out)) throw out;
    expect(out.url.startsWith('https://seller.example.com/api/produce?signature=')).toBe(true);
    expect(out.validUntil).toBe('2026-11-25T10:01:00.000Z');
    expect(out.keyLabel).toBe('MARKETPLACE_KEY');
    expect(out.curl).toContain(`-d'${out.body}'`);
    expect(JSON.stringify(out)).not.toContain(KEY);
    const q = Object.fromEntries(new URL(out.url).searchParams);
    expect(q.timestamp).toBe(String(now));
    const v = verifyV2Request({ rawBody: out.body, parsedBody: JSON.parse(out.body), query: q, keys: [{ key: KEY, label: 'k' }], now: now + 59_000 });
    expect(v.ok).toBe(true);
    expect(verifyV2Request({ rawBody: out.body, parsedBody: JSON.parse(out.body), query: q, keys: [{ key: KEY, label: 'k' }], now: now + 61_000 }).ok).toBe(false);
    // a second command has its own nonce
    const again = reproduceInbound(call, config, now);
    expect(!isRefusal(again) && new URL(again.url).searchParams.get('nonce')).not.toBe(q.nonce);
  });

  it('signs orderNotify with the general key', () => {
    const out = reproduceInbound({ direction: 'inbound', activity: 'orderNotify', requestBody: '{"activity":"orderNotify","orderId":"o","orderLineId":"l"}' }, config);
    expect(!isRefusal(out) && out.keyLabel).toBe('MARKETPLACE_KEY_GENERAL');
  });

  it('signs a licence-code call with the licence key, else MARKETPLACE_KEY (issue 10)', () => {
    const licence = { direction: 'inbound' as const, activity: 'releaseLicenseCode', requestBody: '{"activity":"releaseLicenseCode","license":"LIC-1"}' };
    const own = loadConfig({ MARKETPLACE_KEY: KEY, MARKETPLACE_KEY_LICENSE: 'licence-key-abc', PUBLIC_URL: 'https://seller.example.com', DATA_DIR: '/tmp/x' });
    const out = reproduceInbound(licence, own);
    expect(!isRefusal(out) && out.keyLabel).toBe('MARKETPLACE_KEY_LICENSE');
    const fallback = reproduceInbound(licence, config);
    expect(!isRefusal(fallback) && fallback.keyLabel).toBe('MARKETPLACE_KEY');
  });

  it('refuses outbound calls, bodies that are not JSON objects with an activity, and a missing key', () => {
    expect(reproduceInbound({ ...call, direction: 'outbound' }, config)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/^(Only inbound|No marketplace key)/) });
    expect(reproduceInbound({ ...call, requestBody: 'nope' }, config)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/cannot be signed again/) });
    expect(reproduceInbound({ ...call, requestBody: '[1]' }, config)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/cannot be signed again/) });
    expect(reproduceInbound({ ...call, requestBody: null }, config)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/cannot be signed again/) });
    const keyless = loadConfig({ DATA_DIR: '/tmp/x' });
    expect(reproduceInbound(call, keyless)).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/^(Only inbound|No marketplace key)/) });
  });
});

describe('reproduceInbound: a V1 call (spec §4.1, §4.2)', () => {
  it('a GET with the stored parameters, a fresh timeStamp and authToken, valid for the V1 window', async () => {
    const { parseV1Query } = await import('@/lib/marketplace/v1/query');
    const { verifyV1Request } = await import('@/lib/marketplace/v1/verify');
    const now = Date.parse('2026-11-25T10:00:00Z');
    const stored = { activity: 'queryInstance', instanceId: 'a,b', testFlag: '1', timeStamp: '20200101000000000', authToken: 'Gzbf…***' };
    const out = reproduceInbound({ direction: 'inbound', activity: 'queryInstance', requestBody: '', method: 'GET', query: stored }, config, now);
    if (isRefusal(out)) throw out;
    expect(out.url).toMatch(/^https:\/\/seller\.example\.com\/api\/produce\?activity=queryInstance&instanceId=a%2Cb&testFlag=1&timeStamp=20261125100000000&authToken=/);
    expect(out.curl).toBe(`curl '${out.url}' -H 'Accept:application/json'`);
    expect(out.validUntil).toBe('2026-11-25T10:10:00.000Z');
    expect(JSON.stringify(out)).not.toContain(KEY);
    const q = parseV1Query(out.url);
    if (!q.ok) throw new Error(q.message);
    expect(verifyV1Request({ params: q.params, keys: [{ key: KEY, label: 'k' }], now: now + 599_000, windowMs: 600_000 }).ok).toBe(true);
    expect(reproduceInbound({ direction: 'inbound', activity: null, requestBody: '', method: 'GET', query: {} }, config)).toMatchObject({ kind: 'conflict' });
  });
});
