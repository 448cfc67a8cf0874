import { describe, expect, it } from 'vitest';
import { timelineText } from '@/components/instances/timelineText';
import type { TimelineEvent } from '@/lib/instances/queries';
import { translator } from '@/lib/i18n/core';
import jobs from '@/lib/i18n/messages/jobs';
import instances from '@/lib/i18n/messages/instances';
import terms from '@/lib/i18n/messages/terms';

const text = (locale: 'en' | 'zh', e: Omit<TimelineEvent, 'title'>) =>
  timelineText(translator(instances, locale), translator(terms, locale), translator(jobs, locale), { ...e, title: 'ignored' });

describe('timelineText', () => {
  const job: Omit<TimelineEvent, 'title'> = {
    at: '2026-12-01T10:00:00.000Z',
    kind: 'job',
    ok: false,
    label: { kind: 'job', id: 'j-1', jobKind: 'upgrade', queue: 'apply-order', event: null, state: 'failed', attempts: 9, lastError: 'Query Order failed: HTTP 500' },
  };

  it('names a job by its kind, not its queue, and links it to its calls; the error stays data', () => {
    expect(text('en', job)).toEqual({ title: 'Upgrade job: failed', detail: '9 attempts', data: 'Query Order failed: HTTP 500', href: '/calls?jobId=j-1' });
    expect(text('zh', job)).toEqual({ title: '升级任务：失败', detail: '尝试 9 次', data: 'Query Order failed: HTTP 500', href: '/calls?jobId=j-1' });
  });

  it('links a call to its page', () => {
    const call: Omit<TimelineEvent, 'title'> = {
      at: '2026-12-01T10:00:00.000Z',
      kind: 'call',
      ok: true,
      label: { kind: 'call', id: '42', inbound: true, activity: 'newInstance', resultCode: '000000', durationMs: 12 },
    };
    expect(text('en', call)).toEqual({ title: 'Call newInstance', detail: '000000 · 12 ms', href: '/calls/42' });
  });

  it('keeps the order ids and the console user as data, and says when the user is unknown', () => {
    const order = text('zh', { at: '', kind: 'order', label: { kind: 'order', orderKind: 'RENEWAL', orderId: 'O-1', orderLineId: 'O-1-1' } });
    expect(order).toEqual({ title: '订单 续费', data: 'O-1 / O-1-1' });
    const anonymous = text('en', { at: '', kind: 'console', label: { kind: 'console', action: 'freeze', outcome: 'denied', user: null } });
    expect(anonymous).toEqual({ title: 'Console freeze: denied', detail: 'unknown user', data: undefined });
    // in Chinese the action is a word too; one the catalogue does not know stays as recorded
    const zh = text('zh', { at: '', kind: 'console', label: { kind: 'console', action: 'revealPassword', outcome: 'success', user: 'a@b.c' } });
    expect(zh.title).toBe('控制台 查看密码：成功');
    expect(text('zh', { at: '', kind: 'console', label: { kind: 'console', action: 'teleport', outcome: 'success', user: 'a@b.c' } }).title).toBe('控制台 teleport：成功');
  });
});
