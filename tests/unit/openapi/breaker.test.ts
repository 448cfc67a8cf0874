import { describe, expect, it } from 'vitest';
import { breakerFor, CircuitBreaker, CircuitOpenError, circuitOf, onBreakerClosed } from '@/lib/openapi/breaker';

/** issue 12: the outbound circuit breaker's states, on a fake clock. */
describe('CircuitBreaker', () => {
  const make = () => {
    let now = 1_000_000;
    const b = new CircuitBreaker('queryOrder', () => ({ failures: 3, probeMs: 30_000 }), () => now);
    return { b, advance: (ms: number) => (now += ms), now: () => now };
  };

  it('probes at once when asked (Retry now), and only when open', () => {
    const { b } = make();
    b.probeNow();
    expect(b.snapshot().state).toBe('closed');
    for (let i = 0; i < 3; i++) {
      b.acquire();
      b.failed('HTTP 503');
    }
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    b.probeNow();
    expect(b.snapshot().state).toBe('halfOpen');
    b.acquire(); // the probe goes now, not in 30 s
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    b.succeeded();
    expect(b.snapshot().state).toBe('closed');
  });

  it('opens after the consecutive failures, refuses until the probe interval, lets one probe through, closes on its success', () => {
    const { b, advance, now } = make();
    for (let i = 0; i < 3; i++) {
      b.acquire();
      b.failed('HTTP 503');
    }
    expect(b.snapshot()).toMatchObject({ state: 'open', failures: 3, lastError: 'HTTP 503', retryAt: new Date(now() + 30_000).toISOString() });
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    try {
      b.acquire();
    } catch (e) {
      expect((e as CircuitOpenError).retryAt).toBe(now() + 30_000);
    }
    expect(b.snapshot().refused).toBe(2);
    advance(30_000);
    expect(b.snapshot().state).toBe('halfOpen');
    b.acquire(); // the probe
    // a second caller while the probe is in flight waits a moment
    expect(() => b.acquire()).toThrow(CircuitOpenError);
    b.succeeded();
    expect(b.snapshot()).toMatchObject({ state: 'closed', failures: 0, refused: 0, openedAt: null });
    b.acquire();
  });

  it('a failed probe opens it again for another interval; a success in between resets the count', () => {
    const { b, advance } = make();
    b.failed('x');
    b.failed('x');
    b.succeeded();
    b.failed('x');
    b.failed('x');
    expect(b.snapshot().state).toBe('closed');
    b.failed('x');
    expect(b.snapshot().state).toBe('open');
    advance(30_001);
    b.acquire();
    b.failed('still down');
    expect(b.snapshot()).toMatchObject({ state: 'open', lastError: 'still down' });
    expect(() => b.acquire()).toThrow(/queryOrder circuit is open/);
  });

  it('is one per process and API, whichever copy of the module asks (Next bundles it more than once)', () => {
    expect(breakerFor('licence')).toBe(breakerFor('licence'));
    const held = (globalThis as Record<symbol, { breakers: Map<string, unknown> } | undefined>)[Symbol.for('koogallery.breakers')];
    expect(held?.breakers.get('licence')).toBe(breakerFor('licence'));
    // another copy's CircuitOpenError is one too: its name and fields say so
    const fromAnotherCopy = Object.assign(new Error('the queryOrder circuit is open'), { name: 'CircuitOpenError', api: 'queryOrder', retryAt: Date.now() });
    expect(fromAnotherCopy instanceof CircuitOpenError).toBe(true);
    expect(circuitOf(fromAnotherCopy)).toBe(fromAnotherCopy);
    expect(new Error('x') instanceof CircuitOpenError).toBe(false);
  });

  it('tells its listeners when it closes after being open, not on every success', () => {
    const { b, advance } = make();
    const closed: string[] = [];
    const off = onBreakerClosed((api) => closed.push(api));
    b.succeeded();
    for (let i = 0; i < 3; i++) b.failed('503');
    advance(30_000);
    b.acquire();
    b.succeeded();
    b.succeeded();
    off();
    for (let i = 0; i < 3; i++) b.failed('503');
    advance(30_000);
    b.acquire();
    b.succeeded();
    expect(closed).toEqual(['queryOrder']);
  });
});
