import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitSignature } from '@/lib/marketplace/signature';
import { verifyKitRequest, type CandidateKey, type VerifyOutcome } from '@/lib/marketplace/verify';

// spec §3.12 worked example [verified]
const vectors = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../shared/spec/test-vectors.json'), 'utf8')) as {
  key: string;
  kitSignature: { sortedBody: string; nonce: string; timestamp: string; xSign: string };
};
const v = vectors.kitSignature;
const KEY: CandidateKey = { key: vectors.key, label: 'MARKETPLACE_KEY_KIT' };
const NOW = Number(v.timestamp);
// the documented wire order (spec §3.12: the kit example sends its keys unsorted)
const UNSORTED =
  '{"instanceId":"huaiweitest123456","orderId":"CS1906666666ABCDE","tenantId":"68cbc86abc2018ab880d92f36422fa0e","tenantCode":"huawei","name":"huaiweitest","flag":1,"testFlag":0,"timeStamp":"20220413093539534"}';

function verify(over: Partial<Parameters<typeof verifyKitRequest>[0]> = {}, signed: Record<string, string | undefined> = {}): VerifyOutcome {
  const rawBody = over.rawBody ?? v.sortedBody;
  return verifyKitRequest({
    rawBody,
    parsedBody: JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString()),
    signed: { signature: v.xSign, timestamp: v.timestamp, nonce: v.nonce, ...signed },
    keys: [KEY],
    now: NOW,
    ...over,
  });
}

describe('verifyKitRequest with the spec §3.12 vector', () => {
  it('accepts the sorted body', () => {
    const o = verify();
    expect(o.ok && o.variant).toBe('sorted');
    expect(o.ok && o.detail).toBe('sorted body, MARKETPLACE_KEY_KIT, timestamp in ms');
  });

  it('accepts the same body sent unsorted, by re-serialising it sorted', () => {
    const o = verify({ rawBody: Buffer.from(UNSORTED) });
    expect(o.ok && o.variant).toBe('sorted');
  });

  it('compares the hex case-insensitively', () => {
    expect(verify({}, { signature: v.xSign.toLowerCase() }).ok).toBe(true);
  });

  it('falls back to the raw body when a sender signs what it sends', () => {
    const sig = kitSignature(KEY.key, UNSORTED, v.nonce, v.timestamp);
    const o = verify({ rawBody: UNSORTED }, { signature: sig });
    expect(o.ok && o.variant).toBe('raw');
  });

  it('matches the previous key during a rotation and names it, never the key', () => {
    const o = verify({ keys: [{ key: 'new-key', label: 'MARKETPLACE_KEY_KIT' }, { ...KEY, label: 'MARKETPLACE_KEY_PREVIOUS' }] });
    expect(o.ok && o.detail).toBe('sorted body, MARKETPLACE_KEY_PREVIOUS, timestamp in ms');
    expect(o.ok && o.detail).not.toContain(KEY.key);
  });

  it('refuses a wrong signature, saying what was tried', () => {
    const o = verify({}, { signature: 'A'.repeat(64) });
    expect(o.ok).toBe(false);
    expect(!o.ok && o.verdict).toBe('invalid');
    expect(!o.ok && o.detail).toBe('tried sorted body with MARKETPLACE_KEY_KIT');
  });

  it('refuses missing headers, naming them', () => {
    const o = verify({}, { signature: undefined, nonce: undefined });
    expect(!o.ok && o.message).toBe('authentication failed: header x-sign, x-nonce missing');
  });

  it('refuses a timestamp outside the window', () => {
    expect(verify({ now: NOW + 61_000 })).toMatchObject({ ok: false, verdict: 'expired' });
    expect(verify({ now: NOW - 61_000 })).toMatchObject({ ok: false, verdict: 'expired' });
    expect(verify({ now: NOW + 59_000 }).ok).toBe(true);
  });

  it('refuses when no key is configured', () => {
    expect(verify({ keys: [] })).toMatchObject({ ok: false, verdict: 'no_key' });
  });

  it('refuses a body changed after signing', () => {
    expect(verify({ rawBody: v.sortedBody.replace('huawei"', 'huawej"') }).ok).toBe(false);
  });
});
