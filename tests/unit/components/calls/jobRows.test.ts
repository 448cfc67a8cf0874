import { describe, expect, it } from 'vitest';
import { errorHead, jobLine, jobsRefreshMs } from '../../../../components/calls/jobRows';
import { translator } from '../../../../lib/i18n/core';
import messages from '../../../../lib/i18n/messages/jobs';
import type { AttentionJob } from '../../../../lib/jobs/attention';

const en = translator(messages, 'en');
const zh = translator(messages, 'zh');
const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

const job = (extra: Partial<AttentionJob>): AttentionJob =>
  ({ id: 'j', state: 'failing', running: false, attempt: 6, maxAttempts: 9, nextTry: at(130_000), ...extra }) as AttentionJob;

describe('a job row of the attention queue', () => {
  it('says which attempt failed and counts down to the next', () => {
    expect(jobLine(en, job({}), NOW)).toBe('attempt 6 of 9 failed, next try in 2 min 10 s');
    expect(jobLine(zh, job({}), NOW)).toBe('第 6 次尝试失败（共 9 次），2 分 10 秒后重试');
    expect(jobLine(en, job({ running: true, nextTry: null }), NOW)).toBe('attempt 6 of 9 running now');
    expect(jobLine(en, job({ state: 'gaveUp', attempt: 9, nextTry: null }), NOW)).toBe('gave up after 9 attempts');
  });

  it('after Retry now, a due job says the next attempt is queued, not a next try; then its own line again', () => {
    const due = job({ nextTry: at(-200) });
    expect(jobLine(en, due, NOW)).toBe('attempt 6 of 9 failed, next try any moment');
    expect(jobLine(en, due, NOW, 6)).toBe('queued: attempt 7 of 9 starts now');
    expect(jobLine(zh, due, NOW, 6)).toBe('已排队：第 7 次尝试（共 9 次）立即开始');
    // the retried attempt ran and failed: the job's own line, the retry is history
    expect(jobLine(en, job({ attempt: 7, nextTry: at(16_000) }), NOW, 6)).toBe('attempt 7 of 9 failed, next try in 16 s');
    expect(jobLine(en, job({ attempt: 7, running: true, nextTry: null }), NOW, 6)).toBe('attempt 7 of 9 running now');
    // a job retried earlier whose next try is still ahead says so
    expect(jobLine(en, job({}), NOW, 6)).toBe('attempt 6 of 9 failed, next try in 2 min 10 s');
  });

  it('refreshes every second while an attempt runs or is due within 5 s, else every 5 s', () => {
    expect(jobsRefreshMs([], NOW)).toBe(5_000);
    expect(jobsRefreshMs([job({})], NOW)).toBe(5_000);
    expect(jobsRefreshMs([job({}), job({ nextTry: at(4_000) })], NOW)).toBe(1_000);
    expect(jobsRefreshMs([job({ running: true, nextTry: null })], NOW)).toBe(1_000);
    expect(jobsRefreshMs([job({ state: 'gaveUp', nextTry: null })], NOW)).toBe(5_000);
  });

  it('shortens the last error to its first line', () => {
    expect(errorHead('Query Order: HTTP 500\n  at fetch (x.ts:1)')).toBe('Query Order: HTTP 500');
    expect(errorHead('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
