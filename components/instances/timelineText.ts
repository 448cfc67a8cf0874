import type { TimelineEvent } from '@/lib/instances/queries';
import type { Translate } from '@/lib/i18n/core';
import type jobs from '@/lib/i18n/messages/jobs';
import type messages from '@/lib/i18n/messages/instances';
import type terms from '@/lib/i18n/messages/terms';
import { term } from '@/lib/i18n/messages/terms';

type T = Translate<keyof (typeof messages)['en']>;
type TermsT = Translate<keyof (typeof terms)['en']>;
type JobsT = Translate<keyof (typeof jobs)['en']>;

export interface TimelineText {
  title: string;
  detail?: string;
  /** what is data, not words (ids, an error as recorded, an e-mail): shown as it is, never translated */
  data?: string;
  /** the entry's own page: a call's detail, a job's calls and attempts */
  href?: string;
}

/** A job state or console outcome in words, or as stored when it has no translation. */
function word(t: T, key: string, fallback: string): string {
  const s = t(key as Parameters<T>[0]);
  return s === key ? fallback : s;
}

/** The timeline entry's title, detail and link in the reader's language, from what lib/instances/queries recorded. */
export function timelineText(t: T, tt: TermsT, tj: JobsT, e: TimelineEvent): TimelineText {
  const l = e.label;
  switch (l.kind) {
    case 'created':
    case 'provisioned':
    case 'released':
      return { title: t(`tl.${l.kind}`) };
    case 'order':
      return { title: t('tl.order', { kind: term(tt, 'orderKind', l.orderKind) }), data: `${l.orderId} / ${l.orderLineId}` };
    case 'call':
      return {
        title: t(l.inbound ? 'tl.call' : 'tl.outbound', { activity: l.activity ?? t('tl.unknownActivity') }),
        detail: t('tl.callDetail', { code: l.resultCode ?? t('tl.noResultCode'), ms: l.durationMs }),
        href: `/calls/${encodeURIComponent(l.id)}`,
      };
    case 'job': {
      const attempts = l.attempts ? (l.attempts === 1 ? t('tl.attemptsOne') : t('tl.attempts', { n: l.attempts })) : '';
      return {
        title: t('tl.job', { kind: tj(`kind.${l.jobKind}`), state: word(t, `job.${l.state}`, l.state) }),
        detail: attempts || undefined,
        data: l.lastError ?? undefined,
        href: `/calls?jobId=${encodeURIComponent(l.id)}`,
      };
    }
    case 'console':
      return {
        title: t('tl.console', { action: word(t, `tlAction.${l.action}`, l.action), outcome: word(t, `outcome.${l.outcome}`, l.outcome) }),
        detail: l.user ? undefined : t('tl.unknownUser'),
        data: [l.user, l.reason].filter(Boolean).join(' · ') || undefined,
      };
  }
}
