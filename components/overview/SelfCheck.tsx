'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Card } from '@/components/ui';
import { useSelfCheck } from '@/lib/client/hooks/selfcheck';
import { useLocale, useT } from '@/lib/i18n/client';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/overview';
import { formatLocal } from '@/lib/datetime';
import type { SelfCheckSummary } from '@/lib/selfcheck/queries';

const LINK = 'text-red-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-red-700';

/**
 * The self-check (issue 12, lib/selfcheck/): the marketplace's dial test replayed by the app first (spec §1.2). The
 * last scheduled run with a link to it in the debugger's history, the days in a row it passed, the next slot; and,
 * without saved cases, that there is nothing to replay.
 */
export function SelfCheck({ initial }: { initial: SelfCheckSummary }) {
  const t = useT(messages);
  const locale = useLocale();
  const { data = initial } = useSelfCheck(initial);
  const { schedule, latest } = data;
  const pass = latest ? latest.failed === 0 : undefined;
  const list = (items: string[]) => items.join(locale === 'zh' ? '、' : ', ');
  return (
    <Card
      title={t('selfCheck.title')}
      description={schedule ? t('selfCheck.intro', { times: list(schedule.times), zone: schedule.timeZone }) : t('selfCheck.off')}
      data-testid="self-check"
    >
      {data.savedCases === 0 && (
        <p role="status" data-testid="self-check-no-cases" className="mt-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('selfCheck.noCases')}{' '}
          <Link href="/debugger" className={LINK}>
            {t('selfCheck.saveCases')}
          </Link>
        </p>
      )}
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">{t('selfCheck.last')}</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="self-check-last" data-pass={pass === undefined ? undefined : String(pass)}>
            {latest ? (
              <>
                <Badge tone={pass ? 'success' : 'danger'}>{t(pass ? 'selfCheck.passed' : 'selfCheck.failed')}</Badge>
                <LocalTime iso={latest.startedAt} precision="minute" />
                <span className="text-slate-600">{t('selfCheck.counts', { passed: latest.passed.toLocaleString(LOCALE_TAGS[locale]), failed: latest.failed.toLocaleString(LOCALE_TAGS[locale]) })}</span>
                <Link href={`/debugger/cases?run=${encodeURIComponent(latest.runId)}#history-run`} className={LINK}>
                  {t('selfCheck.openRun', { id: latest.runId })}
                </Link>
              </>
            ) : (
              <span className="text-slate-600">{t('selfCheck.never')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t('selfCheck.streak')}</dt>
          <dd className="mt-1" data-testid="self-check-streak" data-days={data.streakDays}>
            <Badge tone={data.streakDays > 0 ? 'success' : 'neutral'}>
              {data.streakDays === 1 ? t('selfCheck.streakDaysOne') : t('selfCheck.streakDays', { n: data.streakDays.toLocaleString(LOCALE_TAGS[locale]) })}
            </Badge>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t('selfCheck.next')}</dt>
          <dd className="mt-1" data-testid="self-check-next">
            {data.next && schedule ? (
              <>
                <LocalTime iso={data.next} precision="minute" />{' '}
                {/* the slot as the schedule names it: the reader's zone may not be the schedule's */}
                <span className="text-slate-600">{t('selfCheck.inZone', { time: formatLocal(new Date(data.next), 'hourMinute', schedule.timeZone), zone: schedule.timeZone })}</span>
              </>
            ) : (
              <span className="text-slate-600">–</span>
            )}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
