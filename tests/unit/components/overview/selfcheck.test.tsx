import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SelfCheck } from '@/components/overview/SelfCheck';
import { LocaleProvider } from '@/lib/i18n/client';
import type { Locale } from '@/lib/i18n/core';
import type { SelfCheckSummary } from '@/lib/selfcheck/queries';

const base: SelfCheckSummary = {
  schedule: { times: ['07:00', '19:00'], timeZone: 'Asia/Shanghai' },
  next: '2026-12-03T23:00:00.000Z',
  latest: { runId: '42', startedAt: '2026-12-03T11:00:00.000Z', finishedAt: '2026-12-03T11:00:04.000Z', passed: 3, failed: 0 },
  streakDays: 4,
  savedCases: 3,
};

/** The server's first paint of the card (its data given, nothing fetched). */
function paint(summary: SelfCheckSummary, locale: Locale = 'en'): string {
  const client = new QueryClient({ defaultOptions: { queries: { enabled: false } } });
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <LocaleProvider locale={locale}>
        <SelfCheck initial={summary} />
      </LocaleProvider>
    </QueryClientProvider>,
  );
}

describe('the Overview’s self-check card', () => {
  it('shows the last self-check passed, a link to its run, the streak and the next slot', () => {
    const html = paint(base);
    expect(html).toContain('at 07:00, 19:00 (Asia/Shanghai)');
    expect(html).toContain('data-pass="true"');
    expect(html).toContain('>passed<');
    expect(html).toContain('3 passed, 0 failed');
    expect(html).toContain('href="/debugger/cases?run=42#history-run"');
    expect(html).toContain('data-days="4"');
    expect(html).toContain('4 days');
    expect(html).toContain('dateTime="2026-12-03T23:00:00.000Z"');
    // and as the schedule names it, whatever the reader's zone
    expect(html).toContain('(07:00 Asia/Shanghai)');
    expect(html).not.toContain('self-check-no-cases');
  });

  it('a failed one in red; one day; no run yet; no saved cases; switched off', () => {
    expect(paint({ ...base, latest: { ...base.latest!, passed: 2, failed: 1 }, streakDays: 1 })).toMatch(/data-pass="false".*>failed<.*2 passed, 1 failed.*1 day</s);
    const fresh = paint({ ...base, latest: null, streakDays: 0, savedCases: 0 });
    expect(fresh).toContain('none yet');
    expect(fresh).toContain('No saved debug cases: the marketplace’s dial test has nothing to replay');
    expect(fresh).toContain('href="/debugger"');
    const off = paint({ ...base, schedule: null, next: null });
    expect(off).toContain('SELF_CHECK_TIMES=off');
    expect(off).not.toContain('Asia/Shanghai');
  });

  it('speaks Chinese', () => {
    const zh = paint({ ...base, savedCases: 0 }, 'zh');
    expect(zh).toContain('自检（云商店拨测）');
    expect(zh).toContain('07:00、19:00（Asia/Shanghai）');
    expect(zh).toContain('没有保存的调试用例');
    expect(zh).toContain('3 个通过，0 个失败');
    expect(zh).toContain('4 天');
  });
});
