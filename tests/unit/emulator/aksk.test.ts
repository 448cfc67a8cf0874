import { describe, expect, it } from 'vitest';
import { signRequest, verifyAkSk, MAX_SKEW_MS } from '../../../emulator/aksk';
import { sortedCompactJson } from '../../../lib/marketplace/canonical';
import { signApiRequest } from '../../../lib/openapi/aksk';

const creds = [{ ak: 'test-ak', sk: 'test-sk' }];
const now = new Date('2026-01-02T03:04:05Z');
const base = 'http://127.0.0.1:3900';
const path = '/api/mkp-openapi-public/global/v1/order/query?orderId=MOCKPERIODYEARNEW&orderLineId=MOCKPERIODYEARNEW-000001';

/** What a server receives: node lower-cases header names. */
function received(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function signedGet(overrides: { sk?: string; date?: Date; url?: string } = {}) {
  const headers = signRequest({ ak: 'test-ak', sk: overrides.sk ?? 'test-sk', method: 'GET', url: base + (overrides.url ?? path), date: overrides.date ?? now });
  return received(headers);
}

describe('AK/SK signatures (spec §3.11)', () => {
  it('signRequest produces the APIG header set', () => {
    const h = signRequest({ ak: 'test-ak', sk: 'test-sk', method: 'GET', url: base + path, date: now });
    expect(h['X-Sdk-Date']).toBe('20260102T030405Z');
    expect(h.host).toBe('127.0.0.1:3900');
    expect(h.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=test-ak, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$/);
  });

  it('verifies a signed GET (query in queryParams, not in the endpoint)', () => {
    expect(verifyAkSk({ method: 'GET', url: path, headers: signedGet(), body: '', credentials: creds, now })).toEqual({ ok: true, ak: 'test-ak' });
  });

  it('verifies a signed POST with a JSON body sent as JSON.stringify(body)', () => {
    const body = { usage_records: [{ instance_id: 'i-1', usage_value: '1.5' }] };
    const url = '/api/mkp-openapi-public/global/v1/isv/usage-data';
    const headers = received(signRequest({ ak: 'test-ak', sk: 'test-sk', method: 'POST', url: base + url, body, date: now }));
    expect(verifyAkSk({ method: 'POST', url, headers, body: JSON.stringify(body), credentials: creds, now }).ok).toBe(true);
    // changed body
    const tampered = JSON.stringify({ usage_records: [{ instance_id: 'i-1', usage_value: '2.5' }] });
    expect(verifyAkSk({ method: 'POST', url, headers, body: tampered, credentials: creds, now })).toEqual({ ok: false, reason: 'signature mismatch' });
    // same JSON, other bytes: the gateway hashes the raw bytes, so this would fail there too
    const spaced = JSON.stringify(body, null, 1);
    expect(verifyAkSk({ method: 'POST', url, headers, body: spaced, credentials: creds, now }).ok).toBe(false);
  });

  it('rejects a changed query string', () => {
    const headers = signedGet();
    const r = verifyAkSk({ method: 'GET', url: path.replace('MOCKPERIODYEARNEW&', 'MOCKONETIMENEW&'), headers, body: '', credentials: creds, now });
    expect(r).toEqual({ ok: false, reason: 'signature mismatch' });
    const extra = verifyAkSk({ method: 'GET', url: path + '&x=1', headers, body: '', credentials: creds, now });
    expect(extra.ok).toBe(false);
  });

  it('rejects a changed method or path', () => {
    const headers = signedGet();
    expect(verifyAkSk({ method: 'POST', url: path, headers, body: '', credentials: creds, now }).ok).toBe(false);
    expect(verifyAkSk({ method: 'GET', url: path.replace('/query', '/query2'), headers, body: '', credentials: creds, now }).ok).toBe(false);
  });

  it('rejects a changed X-Sdk-Date and a stale one', () => {
    const headers = { ...signedGet(), 'x-sdk-date': '20260102T030406Z' };
    expect(verifyAkSk({ method: 'GET', url: path, headers, body: '', credentials: creds, now })).toEqual({ ok: false, reason: 'signature mismatch' });
    const old = signedGet({ date: new Date(now.getTime() - MAX_SKEW_MS - 1000) });
    const r = verifyAkSk({ method: 'GET', url: path, headers: old, body: '', credentials: creds, now });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/away from the server clock/);
    const slightlyOld = signedGet({ date: new Date(now.getTime() - 60_000) });
    expect(verifyAkSk({ method: 'GET', url: path, headers: slightlyOld, body: '', credentials: creds, now }).ok).toBe(true);
  });

  it('rejects a wrong SK, an unknown AK, missing headers and a changed host', () => {
    expect(verifyAkSk({ method: 'GET', url: path, headers: signedGet({ sk: 'other' }), body: '', credentials: creds, now })).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifyAkSk({ method: 'GET', url: path, headers: signedGet(), body: '', credentials: [{ ak: 'x', sk: 'test-sk' }], now })).toEqual({ ok: false, reason: 'unknown access key test-ak' });
    const { authorization: _a, ...noAuth } = signedGet();
    expect(verifyAkSk({ method: 'GET', url: path, headers: noAuth, body: '', credentials: creds, now }).ok).toBe(false);
    const { 'x-sdk-date': _d, ...noDate } = signedGet();
    expect(verifyAkSk({ method: 'GET', url: path, headers: noDate, body: '', credentials: creds, now })).toEqual({ ok: false, reason: 'missing X-Sdk-Date header' });
    const otherHost = { ...signedGet(), host: 'mkt.myhuaweicloud.com' };
    expect(verifyAkSk({ method: 'GET', url: path, headers: otherHost, body: '', credentials: creds, now }).ok).toBe(false);
  });

  it('accepts the signature in upper-case hex and handles encoded query values', () => {
    const headers = signedGet({ url: '/api/mkp-openapi-public/global/v1/order/query?orderId=A%20B%2FC' });
    expect(verifyAkSk({ method: 'GET', url: '/api/mkp-openapi-public/global/v1/order/query?orderId=A%20B%2FC', headers, body: '', credentials: creds, now }).ok).toBe(true);
    const upper = { ...signedGet(), authorization: signedGet().authorization!.replace(/Signature=(\w+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`) };
    expect(verifyAkSk({ method: 'GET', url: path, headers: upper, body: '', credentials: creds, now }).ok).toBe(true);
  });

  it("accepts what the app's own outbound signer (lib/openapi/aksk.ts) produces", () => {
    const url = '/api/mkp-openapi-public/global/v1/isv/usage-data';
    const body = sortedCompactJson({ usage_records: [{ usage_value: '3', instance_id: 'i-1' }] });
    const signed = signApiRequest({ ak: 'test-ak', sk: 'test-sk', method: 'POST', url: base + url, body });
    const r = verifyAkSk({ method: 'POST', url, headers: received(signed.headers), body, credentials: creds, now: new Date() });
    expect(r).toEqual({ ok: true, ak: 'test-ak' });
    // a body JSON.stringify would write differently cannot be signed: the SDK would hash other bytes than those sent
    expect(() => signApiRequest({ ak: 'test-ak', sk: 'test-sk', method: 'POST', url: base + url, body: '{"a": 1}' })).toThrow(/byte-identical/);
    const get = signApiRequest({ ak: 'test-ak', sk: 'test-sk', method: 'GET', url: base + path });
    expect(verifyAkSk({ method: 'GET', url: path, headers: received(get.headers), body: '', credentials: creds, now: new Date() }).ok).toBe(true);
  });
});
