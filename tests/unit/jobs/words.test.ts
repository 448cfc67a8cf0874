import { describe, expect, it } from 'vitest';
import { translator } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/jobs';
import { attemptOf, durationText, JOB_KINDS, jobKind, progressText } from '@/lib/jobs/words';

const en = translator(messages, 'en');
const zh = translator(messages, 'zh');

describe('jobKind', () => {
  it('names a job by its queue and what its data says', () => {
    expect(jobKind('provision', { instanceId: 'i' })).toBe('provision');
    expect(jobKind('apply-order', { kind: 'UPGRADE' })).toBe('upgrade');
    expect(jobKind('apply-order', { kind: 'RENEWAL' })).toBe('renewal');
    expect(jobKind('apply-order', { kind: 'RENEWAL_CHANGE' })).toBe('renewal');
    expect(jobKind('apply-order', { kind: 'UNSUBSCRIBE_RENEWAL_PERIOD' })).toBe('unsubscribeRenewal');
    expect(jobKind('apply-order', { kind: 'TRIAL_TO_FORMAL' })).toBe('trialToFormal');
    expect(jobKind('apply-order', { kind: 'NOTIFY' })).toBe('orderNotify');
    expect(jobKind('apply-order', { kind: 'toString' })).toBe('applyOrder');
    expect(jobKind('apply-order', null)).toBe('applyOrder');
    expect(jobKind('lifecycle', { event: 'freeze' })).toBe('freeze');
    expect(jobKind('lifecycle', { event: 'release' })).toBe('release');
    expect(jobKind('lifecycle', { event: 42 })).toBe('lifecycle');
    expect(jobKind('usage-push', { trigger: 'schedule' })).toBe('usagePush');
    expect(jobKind('self-check', { slot: '2026-12-03T23:00:00.000Z', trigger: 'schedule' })).toBe('selfCheck');
  });

  it('has words for every kind in both languages', () => {
    for (const k of JOB_KINDS) {
      expect(en(`kind.${k}`)).not.toBe(`kind.${k}`);
      expect(zh(`kind.${k}`)).not.toBe(en(`kind.${k}`));
    }
  });
});

describe('attempts and their words', () => {
  it('counts attempts from pg-boss retries: retry_count + 1 of retry_limit + 1', () => {
    expect(attemptOf({ retryCount: 0, retryLimit: 8 })).toEqual({ attempt: 1, maxAttempts: 9 });
    expect(attemptOf({ retryCount: 5, retryLimit: 8 })).toEqual({ attempt: 6, maxAttempts: 9 });
  });

  it('says the duration left in hours, minutes and seconds', () => {
    expect(durationText(en, 130_500)).toBe('2 min 10 s');
    expect(durationText(en, 2 * 3_600_000 + 13 * 60_000)).toBe('2 h 13 min');
    expect(durationText(en, 12_000)).toBe('12 s');
    expect(durationText(en, -5)).toBe('0 s');
    expect(durationText(zh, 130_500)).toBe('2 分 10 秒');
  });

  it('gives one line per state: failing with its next try, running, gave up', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const failing = { state: 'failing' as const, running: false, attempt: 6, maxAttempts: 9, nextTry: '2026-12-01T10:02:10Z' };
    expect(progressText(en, failing, now)).toBe('attempt 6 of 9 failed, next try in 2 min 10 s');
    expect(progressText(zh, failing, now)).toBe('第 6 次尝试失败（共 9 次），2 分 10 秒后重试');
    expect(progressText(en, { ...failing, nextTry: '2026-12-01T09:59:59Z' }, now)).toBe('attempt 6 of 9 failed, next try any moment');
    expect(progressText(en, { ...failing, running: true, attempt: 7, nextTry: null }, now)).toBe('attempt 7 of 9 running now');
    expect(progressText(en, { ...failing, state: 'gaveUp', attempt: 9, nextTry: null }, now)).toBe('gave up after 9 attempts');
    expect(progressText(zh, { ...failing, state: 'gaveUp', attempt: 9, nextTry: null }, now)).toBe('尝试 9 次后已放弃');
  });
});
