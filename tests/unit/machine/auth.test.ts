import { describe, expect, it } from 'vitest';
import { hashApiKey, looksLikeApiKey, newApiKey, visiblePrefix } from '../../../lib/apikeys/key';
import { bearerToken } from '../../../lib/machine/auth';
import { TokenBuckets } from '../../../lib/machine/bucket';

describe('bearerToken', () => {
  it('reads the token of a Bearer header, any case of the scheme', () => {
    expect(bearerToken('Bearer kgs_abc')).toBe('kgs_abc');
    expect(bearerToken('bearer   kgs_abc ')).toBe('kgs_abc');
  });
  it('refuses anything else', () => {
    for (const h of [null, '', 'Bearer', 'Bearer ', 'Basic a2dzOg==', 'kgs_abc', 'Bearer a b', 'Bearerkgs_abc']) expect(bearerToken(h), String(h)).toBeNull();
  });
});

describe('API keys', () => {
  it('are kgs_ + 43 base64url characters, different each time, stored as a SHA-256 and a short prefix', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(a.key).toMatch(/^kgs_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(a.key)).toBe(true);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.prefix).toBe(a.key.slice(0, 12));
    expect(visiblePrefix(a.key)).toBe(a.prefix);
    expect(looksLikeApiKey(a.key + 'x')).toBe(false);
    expect(looksLikeApiKey('kgs_' + 'a'.repeat(42) + '!')).toBe(false);
  });
});

describe('TokenBuckets', () => {
  it('allows the burst at once, then one per 1/rate seconds, each key on its own', () => {
    const b = new TokenBuckets(2, 3);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => b.take('k', t0).ok)).toEqual([true, true, true]);
    expect(b.take('k', t0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(b.take('other', t0).ok).toBe(true);
    expect(b.take('k', t0 + 499).ok).toBe(false);
    expect(b.take('k', t0 + 1000).ok).toBe(true);
    // refills up to the burst, not beyond
    const later = t0 + 60_000;
    expect([1, 2, 3, 4].map(() => b.take('k', later).ok)).toEqual([true, true, true, false]);
  });
  it('says how long to wait at a slow rate', () => {
    const b = new TokenBuckets(0.1, 1);
    expect(b.take('k', 0).ok).toBe(true);
    expect(b.take('k', 0)).toEqual({ ok: false, retryAfterSeconds: 10 });
  });
  it('a rate of 0 switches the limit off', () => {
    const b = new TokenBuckets(0, 1);
    for (let i = 0; i < 100; i++) expect(b.take('k', 0).ok).toBe(true);
  });
  it('forgets the least recently used keys beyond its size', () => {
    const b = new TokenBuckets(1, 1, 2);
    b.take('a', 0);
    b.take('b', 0);
    b.take('c', 0); // a is forgotten: a fresh, full bucket again
    expect(b.take('a', 0).ok).toBe(true);
    expect(b.take('c', 0).ok).toBe(false);
  });
});
