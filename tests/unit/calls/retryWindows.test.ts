import { describe, expect, it } from 'vitest';
import { countdownText, deadlineFor, formatRemaining, retryWindowFor, RETRY_WINDOWS } from '@/lib/calls/retryWindows';

const HOUR = 3_600_000;

describe('retry windows (spec §7.1)', () => {
  it('gives purchases and upgrades 3 hours, then a refund', () => {
    for (const a of ['newInstance', 'upgradeInstance', 'upgrade']) expect(retryWindowFor(a)).toMatchObject({ ms: 3 * HOUR, afterwards: 'refund' });
  });

  it('gives renewals, status changes, expiries and releases 1 hour, then the message stays failed', () => {
    for (const a of ['refreshInstance', 'updateInstanceStatus', 'expireInstance', 'instanceStatus', 'releaseInstance']) {
      expect(retryWindowFor(a)).toMatchObject({ ms: HOUR, afterwards: 'abandon' });
    }
  });

  it('gives licence codes 60 attempts every 2 minutes', () => {
    for (const a of ['refreshLicenseCode', 'updateLicenseCodeStatus', 'releaseLicenseCode']) {
      expect(retryWindowFor(a)?.ms).toBe(60 * 2 * 60_000);
    }
  });

  it('has no window where the spec documents none, nor for unknown or inherited names', () => {
    for (const a of ['queryInstance', 'changeInstanceCheck', 'nope', 'toString', '__proto__', '', null, undefined]) {
      expect(retryWindowFor(a)).toBeUndefined();
    }
    expect(Object.keys(RETRY_WINDOWS)).not.toContain('queryInstance');
  });

  it('puts the deadline one window after the first failure', () => {
    const first = new Date('2026-11-25T10:00:00.000Z');
    expect(deadlineFor('newInstance', first)?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(deadlineFor('releaseInstance', first)?.toISOString()).toBe('2026-11-25T11:00:00.000Z');
    expect(deadlineFor('queryInstance', first)).toBeUndefined();
  });
});

describe('countdown', () => {
  it('formats the time left', () => {
    expect(formatRemaining(2 * HOUR + 13 * 60_000 + 59_000)).toBe('2 h 13 min');
    expect(formatRemaining(4 * 60_000 + 5_000)).toBe('4 min 5 s');
    expect(formatRemaining(12_400)).toBe('12 s');
    expect(formatRemaining(-5)).toBe('0 s');
  });

  it('says what happens at the deadline, and when the window is over', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(countdownText('refund', now + 2 * HOUR + 13 * 60_000, now)).toBe('refund in 2 h 13 min');
    expect(countdownText('abandon', now + 65_000, now)).toBe('abandoned in 1 min 5 s');
    expect(countdownText('refund', now, now)).toBe('window over');
    expect(countdownText('refund', now - 1, now)).toBe('window over');
  });
});
