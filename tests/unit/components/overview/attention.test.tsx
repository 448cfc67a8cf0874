import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { attentionLines } from '@/components/overview/attention';
import { NeedsAttention } from '@/components/overview/NeedsAttention';
import type { Attention } from '@/lib/overview';

const none: Attention = { failedCalls24h: 0, failedInstances: 0, failingJobs: 0, gaveUpJobs: 0, licencesAwaiting: 0, licencesRejected: 0, usageFailures: 0 };

describe('attentionLines', () => {
  it('has no line when nothing needs attention', () => {
    expect(attentionLines(none)).toEqual([]);
  });

  it('sends failed calls and failing or given-up jobs to the Failures view, failures first', () => {
    const lines = attentionLines({ ...none, failedCalls24h: 3, failingJobs: 2, gaveUpJobs: 1, licencesAwaiting: 4 });
    expect(lines.map((l) => [l.kind, l.n, l.href])).toEqual([
      ['failedCalls', 3, '/calls?view=failures'],
      ['gaveUpJobs', 1, '/calls?view=failures'],
      ['failingJobs', 2, '/calls?view=failures'],
      ['licencesAwaiting', 4, '/licences?status=awaiting'],
    ]);
    expect(lines.find((l) => l.kind === 'gaveUpJobs')?.tone).toBe('danger');
    expect(lines.find((l) => l.kind === 'failingJobs')?.tone).toBe('warning');
  });

  it('sends rejected or expired usage records to the Failures view, as a danger', () => {
    const [line] = attentionLines({ ...none, usageFailures: 5 });
    expect(line).toMatchObject({ kind: 'usageFailures', n: 5, href: '/calls?view=failures', area: 'usage', tone: 'danger' });
    const en = renderToStaticMarkup(<NeedsAttention todo={{ ...none, usageFailures: 1 }} locale="en" />);
    expect(en).toContain('1 usage record rejected by the marketplace or expired unpushed');
    expect(renderToStaticMarkup(<NeedsAttention todo={{ ...none, usageFailures: 3 }} locale="zh" />)).toContain('3 条用量记录');
  });

  it('links failed provisioning to the failed instances and rejected licences to their queue', () => {
    expect(attentionLines({ ...none, failedInstances: 1, licencesRejected: 2 }).map((l) => l.href)).toEqual(['/instances?status=failed', '/licences?status=rejected']);
  });
});

describe('NeedsAttention', () => {
  it('says so when nothing needs attention', () => {
    expect(renderToStaticMarkup(<NeedsAttention todo={none} locale="en" />)).toContain('Nothing: no failed marketplace calls');
  });

  it('writes each line with its area and count, in the reader’s language', () => {
    const en = renderToStaticMarkup(<NeedsAttention todo={{ ...none, failingJobs: 1, gaveUpJobs: 2 }} locale="en" />);
    expect(en).toContain('1 background job failing and retrying');
    expect(en).toContain('2 background jobs that gave up');
    expect(en).toContain('Background jobs');
    expect(en.match(/href="\/calls\?view=failures"/g)).toHaveLength(2);
    const zh = renderToStaticMarkup(<NeedsAttention todo={{ ...none, failedCalls24h: 1200 }} locale="zh" />);
    expect(zh).toContain('最近 24 小时有 1,200 次云商店调用失败');
    expect(zh).toContain('接口调用');
  });
});
