import { translator, type Locale } from '../i18n/core';
import messages from '../i18n/messages/alerts';
import type { DeliveryEvent } from './evaluate';
import { formatLocal } from '../datetime';
import type { Cause, RuleKey } from './rules';

/**
 * An alert as words, in one language (issue 12): a title and a few lines, with the link to the console page that
 * shows the cause. Pure: the delivery job (lib/alerts/deliver.ts) and the Alerts page both say it with this. Times
 * are the marketplace's (China Standard Time), marked UTC+8.
 */

export interface AlertWords {
  title: string;
  lines: string[];
  /** absolute console URL */
  url: string;
}

export interface AlertSubject {
  rule: RuleKey | null;
  cause: string;
  count: number;
  facts: Cause['facts'];
  link: string;
}

type T = ReturnType<typeof translator<Extract<keyof (typeof messages)['en'], string>>>;

/** The marketplace's own zone (China Standard Time, UTC+8 all year): the messages' times are in it. */
export const MARKETPLACE_TIMEZONE = 'Asia/Shanghai';

/** "2026-12-03 18:20 UTC+8": the console's time format (lib/datetime.ts) in the marketplace's zone. */
export function marketplaceTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '?';
  const d = new Date(typeof iso === 'number' ? iso : Date.parse(iso));
  if (Number.isNaN(d.getTime())) return '?';
  return `${formatLocal(d, 'minute', MARKETPLACE_TIMEZONE)} UTC+8`;
}

function vars(t: T, a: AlertSubject): Record<string, string | number> {
  const f = a.facts;
  const v: Record<string, string | number> = { count: a.count };
  for (const [k, x] of Object.entries(f)) v[k] = x === null ? '-' : x;
  for (const k of ['deadline', 'at', 'oldest', 'oldestHour'] as const) if (typeof f[k] === 'string') v[k] = marketplaceTime(f[k] as string);
  if (typeof f.queue === 'string') v.queue = t(`queue.${f.queue}` as never);
  if (a.rule === 'selfCheckFailed') v.total = Number(f.failed ?? 0) + Number(f.passed ?? 0);
  return v;
}

/** The title of an alert, without the event's prefix (the Alerts page and the Overview list). */
export function alertTitle(locale: Locale, a: AlertSubject): string {
  const t = translator(messages, locale);
  if (!a.rule) return t('title.test');
  const key = a.rule === 'failureAgeing' ? (`title.failureAgeing.${a.cause === 'final' ? 'final' : 'half'}` as const) : (`title.${a.rule}` as const);
  return t(key, vars(t, a));
}

function detail(t: T, a: AlertSubject): string {
  const v = vars(t, a);
  switch (a.rule) {
    case 'callFailed':
      return a.facts.deadline
        ? t('detail.callFailed', { ...v, after: t(a.facts.afterwards === 'refund' ? 'after.refund' : 'after.abandon', v) })
        : t('detail.callFailed.noWindow', v);
    case null:
      return t('detail.test');
    default:
      return t(`detail.${a.rule}`, v);
  }
}

/** The alert's line of detail (the Alerts page under its title). */
export function alertDetail(locale: Locale, a: AlertSubject): string {
  return detail(translator(messages, locale), a);
}

/** The message of one delivery. `a.rule` null: a test alert. */
export function alertWords(locale: Locale, event: DeliveryEvent, a: AlertSubject, baseUrl: string): AlertWords {
  const t = translator(messages, locale);
  const url = baseUrl.replace(/\/+$/, '') + (a.rule ? a.link : '/alerts');
  const lines = [detail(t, a)];
  if (event === 'digest' && a.facts.previous !== undefined) lines.push(t('digest.line', { count: a.count, previous: a.facts.previous }));
  if (event === 'resolved') lines.push(t('resolved.line'));
  return { title: `${t(`prefix.${event}`)} ${alertTitle(locale, a)}`, lines, url };
}

/** Plain text: the title, the lines, the link. */
export function plainText(w: AlertWords, locale: Locale): string {
  return [w.title, '', ...w.lines, '', translator(messages, locale)('open', { url: w.url })].join('\n');
}
