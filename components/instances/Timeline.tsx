'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Card } from '@/components/ui';
import type { TimelineEvent } from '@/lib/instances/queries';
import { useT } from '@/lib/i18n/client';
import jobs from '@/lib/i18n/messages/jobs';
import messages from '@/lib/i18n/messages/instances';
import terms from '@/lib/i18n/messages/terms';
import { timelineText } from './timelineText';

const KIND_STYLE: Record<TimelineEvent['kind'], string> = {
  instance: 'bg-slate-700',
  order: 'bg-sky-600',
  call: 'bg-slate-400',
  job: 'bg-indigo-500',
  console: 'bg-red-700',
};

/** Calls, orders, jobs and console actions, newest first; a call or job entry links to its page in the call log. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const t = useT(messages);
  const tt = useT(terms);
  const tj = useT(jobs);
  return (
    <Card title={t('timeline')} description={t('timelineIntro')}>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">{t('timelineEmpty')}</p>
      ) : (
        <ol className="mt-1 space-y-3 border-l border-slate-200 pl-4" data-testid="timeline">
          {events.map((e, i) => {
            const text = timelineText(t, tt, tj, e);
            return (
              <li key={i} className="relative text-sm">
                <span aria-hidden="true" className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${e.ok === false ? 'bg-red-600' : KIND_STYLE[e.kind]}`} />
                <div className="flex flex-wrap items-baseline gap-x-2">
                  {text.href ? (
                    <Link href={text.href} className="font-medium text-red-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
                      {text.title}
                    </Link>
                  ) : (
                    <span className="font-medium">{text.title}</span>
                  )}
                  {e.ok === false && <Badge tone="danger">{t('failed')}</Badge>}
                  <span className="text-xs text-slate-500">
                    <LocalTime iso={e.at} />
                  </span>
                </div>
                {(text.detail || text.data) && (
                  <div className="break-words text-xs text-slate-600">
                    {text.detail}
                    {text.detail && text.data && ' · '}
                    {text.data && <span translate="no">{text.data}</span>}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
