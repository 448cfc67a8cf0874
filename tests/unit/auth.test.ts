import { describe, expect, it } from 'vitest';
import { hasRole, isRole } from '../../lib/auth/roles';
import { localiseSignInError, signInRefusal } from '../../lib/auth/signInMessages';
import {
  accountKey,
  ADDRESS_FREE_ATTEMPTS,
  FREE_ATTEMPTS,
  lockoutSeconds,
  lockSchedule,
  signInAddress,
  throttleKeys,
} from '../../lib/auth/throttle';
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
  it('lets an account fail 4 times freely, then locks it for 15 s doubling up to 15 minutes', () => {
    expect([0, 1, 4].map((n) => lockoutSeconds(n))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 10, 20].map((n) => lockoutSeconds(n))).toEqual([15, 30, 60, 480, 900]);
  });
  it('gives an address 20 failures before the same schedule', () => {
    expect(ADDRESS_FREE_ATTEMPTS).toBeGreaterThan(FREE_ATTEMPTS);
    expect([19, 20, 21, 30].map((n) => lockoutSeconds(n, ADDRESS_FREE_ATTEMPTS))).toEqual([0, 15, 30, 900]);
  });
  it('hands the database the schedule up to the maximum, which then repeats', () => {
    expect(lockSchedule(FREE_ATTEMPTS)).toEqual([0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900]);
    const address = lockSchedule(ADDRESS_FREE_ATTEMPTS);
    expect(address).toHaveLength(ADDRESS_FREE_ATTEMPTS + 6);
    expect(address.map((_, i) => lockoutSeconds(i + 1, ADDRESS_FREE_ATTEMPTS))).toEqual(address);
  });
  it('keys an account by its normalised e-mail, known or not, and adds the address when there is one', () => {
    expect(throttleKeys('  Boss@Example.COM ', undefined)).toEqual({ account: 'boss@example.com' });
    expect(throttleKeys('x@y.z', '203.0.113.5')).toEqual({ account: 'x@y.z', address: '203.0.113.5' });
    expect(accountKey('a'.repeat(300) + '@x')).toHaveLength(255);
  });
  it('reads the client address from next-auth headers as clientAddress reads a request', () => {
    expect(signInAddress({ 'x-forwarded-for': '203.0.113.5, 10.0.0.1', 'x-real-ip': '10.0.0.2' })).toBe('203.0.113.5');
    expect(signInAddress({ 'x-real-ip': '10.0.0.2' })).toBe('10.0.0.2');
    expect(signInAddress({ 'x-forwarded-for': ['198.51.100.1', '10.0.0.1'] })).toBe('198.51.100.1');
    expect(signInAddress({ 'x-forwarded-for': ' ', host: 'x' })).toBeUndefined();
    expect(signInAddress({})).toBeUndefined();
    expect(signInAddress(undefined)).toBeUndefined();
    expect(signInAddress({ 'x-forwarded-for': '1'.repeat(100) })).toHaveLength(64);
  });
});

describe('sign-in messages', () => {
  it('are thrown in English and shown in the language of the reader', () => {
    const locked = signInRefusal('locked', { seconds: 30 });
    expect(locked).toBe('Too many failed sign-ins. Try again in 30 s.');
    expect(localiseSignInError(locked, 'en')).toBe(locked);
    expect(localiseSignInError(locked, 'zh')).toBe('登录失败次数过多，请 30 秒后再试。');
    expect(localiseSignInError(signInRefusal('wrong'), 'zh')).toBe('邮箱或密码错误。');
    expect(localiseSignInError('CredentialsSignin', 'en')).toBe('Wrong e-mail or password.');
    expect(localiseSignInError(signInRefusal('disabled'), 'zh')).toBe('此账号已停用。');
    expect(localiseSignInError('Something else went wrong.', 'zh')).toBe('Something else went wrong.');
  });
});

describe('console passwords', () => {
  it('need 10 to 200 characters', () => {
    expect(passwordProblem('123456789')).toMatch(/at least 10/);
    expect(passwordProblem('1234567890')).toBeUndefined();
    expect(passwordProblem('x'.repeat(201))).toMatch(/at most 200/);
  });
});
