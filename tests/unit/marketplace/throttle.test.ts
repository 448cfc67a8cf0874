import { describe, expect, it } from 'vitest';
import { SignatureFailureThrottle } from '@/lib/marketplace/throttle';

describe('SignatureFailureThrottle', () => {
  const opts = { perAddress: 3, overall: 5, windowMs: 1000, maxAddresses: 2 };

  it('skips the fallback for an address after its failures, until the window passes', () => {
    const t = new SignatureFailureThrottle(opts);
    for (let i = 0; i < 3; i++) {
      expect(t.allowsFallback('a', 0)).toBe(true);
      t.recordFailure('a', 0);
    }
    expect(t.allowsFallback('a', 10)).toBe(false);
    expect(t.isThrottled('a', 10)).toBe(true);
    expect(t.allowsFallback('b', 10)).toBe(true);
    expect(t.allowsFallback('a', 1000)).toBe(true);
    expect(t.isThrottled('a', 1000)).toBe(false);
  });

  it('skips it for everybody when failures pour in from many (forged) addresses', () => {
    const t = new SignatureFailureThrottle({ ...opts, maxAddresses: 100 });
    for (let i = 0; i < 5; i++) t.recordFailure(`forged-${i}`, 0);
    expect(t.allowsFallback('fresh', 1)).toBe(false);
    expect(t.isThrottled('fresh', 1)).toBe(false);
    expect(t.allowsFallback('fresh', 1001)).toBe(true);
  });

  it('remembers a bounded number of addresses', () => {
    const t = new SignatureFailureThrottle({ ...opts, overall: 1e9 });
    for (const a of ['a', 'a', 'a', 'b', 'c']) t.recordFailure(a, 0);
    // 'a' was forgotten to make room for 'c'
    expect(t.isThrottled('a', 1)).toBe(false);
  });
});
