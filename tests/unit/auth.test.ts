import { describe, expect, it } from 'vitest';
import { hasRole, isRole } from '../../lib/auth/roles';
import { lockoutSeconds, waitSeconds } from '../../lib/auth/throttle';
import { passwordProblem } from '../../lib/auth/password';

describe('roles', () => {
  it.each([
    ['admin', 'admin', true],
    ['admin', 'support', true],
    ['admin', 'viewer', true],
    ['support', 'admin', false],
    ['support', 'support', true],
    ['support', 'viewer', true],
    ['viewer', 'support', false],
    ['viewer', 'viewer', true],
  ] as const)('%s may do what %s may: %s', (role, needed, ok) => {
    expect(hasRole(role, needed)).toBe(ok);
  });
  it('no role may do nothing', () => expect(hasRole(undefined, 'viewer')).toBe(false));
  it('knows its roles', () => {
    expect(isRole('support')).toBe(true);
    expect(isRole('owner')).toBe(false);
  });
});

describe('sign-in throttle', () => {
  it('lets 4 failures pass, then locks for 15 s doubling up to 15 minutes', () => {
    expect([0, 1, 4].map(lockoutSeconds)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 10, 20].map(lockoutSeconds)).toEqual([15, 30, 60, 480, 900]);
  });
  it('counts down from the last failure', () => {
    const last = new Date('2026-01-01T00:00:00Z');
    expect(waitSeconds(5, last, last.getTime() + 5_000)).toBe(10);
    expect(waitSeconds(5, last, last.getTime() + 15_000)).toBe(0);
    expect(waitSeconds(4, last, last.getTime())).toBe(0);
    expect(waitSeconds(9, null)).toBe(0);
  });
});

describe('console passwords', () => {
  it('need 10 to 200 characters', () => {
    expect(passwordProblem('123456789')).toMatch(/at least 10/);
    expect(passwordProblem('1234567890')).toBeUndefined();
    expect(passwordProblem('x'.repeat(201))).toMatch(/at most 200/);
  });
});
