import Link from 'next/link';
import { CallsChart } from '@/components/CallsChart';
import { LocalTime } from '@/components/LocalTime';
import { NeedsAttention } from '@/components/overview/NeedsAttention';
import { Breakers } from '@/components/overview/Breakers';
import { OpenAlerts } from '@/components/overview/OpenAlerts';
import { listAlerts } from '@/lib/alerts/queries';
import { SelfCheck } from '@/components/overview/SelfCheck';
import { selfCheckSummary } from '@/lib/selfcheck/queries';
import { breakerSnapshots } from '@/lib/openapi/breaker';
import { Card, CARD_CLASS, cx } from '@/components/ui';
import { requireUser } from '@/lib/auth/guard';
import { attention, callsOverTime, instancesByStatus, overviewWarnings } from '@/lib/overview';
import { getRuntime } from '@/lib/runtime';
import { getLocale } from '@/lib/i18n/server';
import { LOCALE_TAGS, translator } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/overview';
import instanceMessages from '@/lib/i18n/messages/instances';
import configMessages from '@/lib/i18n/messages/config';
import { configWarningList } from '@/lib/config';

export const dynamic = 'force-dynamic';

const STATUSES = ['provisioning', 'active', 'frozen', 'released', 'failed'] as const;
// in the reader's zone, as every time in the console (lib/datetime.ts)
const hourLabel = (d: Date) => <LocalTime iso={d.toISOString()} precision="hourMinute" />;
const dayLabel = (d: Date) => <LocalTime iso={d.toISOString()} precision="minute" />;

/** The seller's first screen: a missing key first, what needs attention, traffic and failures, instances by status, and readiness. */
export default async function Overview() {
  await requireUser('viewer');
  const rt = await getRuntime();
  const { noKey, others: warnings } = overviewWarnings(configWarningList(rt.config));
  const locale = await getLocale();
  const t = translator(messages, locale);
  const ti = translator(instanceMessages, locale);
  const tc = translator(configMessages, locale);
  const num = (n: number) => n.toLocaleString(LOCALE_TAGS[locale]);
  const now = new Date();
  const [day, week, byStatus, todo, alerts, selfCheck] = await Promise.all([
    callsOverTime(rt.pool, 24, 1, now),
    callsOverTime(rt.pool, 24 * 7, 6, now),
    instancesByStatus(rt.prisma),
    attention(rt.pool, now),
    listAlerts(rt.pool, { state: 'open', now }),
    selfCheckSummary(rt.prisma, rt.config.selfCheck, now),
  ]);
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>

      {noKey && (
        <div role="alert" className="rounded-lg border-2 border-red-300 bg-red-50 p-5 text-red-900 shadow-sm">
          <h2 className="font-semibold">{t('keyMissing.title')}</h2>
          <p className="mt-2 text-sm">{tc(noKey.code, noKey.vars)}</p>
          <p className="mt-2 text-sm">
            {t('keyMissing.action')}
            {locale === 'en' && ' '}
            <Link href="/settings" className="font-medium underline">
              {t('keyMissing.settings')}
            </Link>
          </p>
        </div>
      )}

      <NeedsAttention todo={todo} locale={locale} />

      <OpenAlerts alerts={alerts} locale={locale} />
      <SelfCheck initial={selfCheck} />

      <div className="grid gap-4 lg:grid-cols-2">
        <CallsChart title={t('perHour')} buckets={day} label={hourLabel} locale={locale} />
        <CallsChart title={t('per6Hours')} buckets={week} label={dayLabel} locale={locale} />
      </div>

      <section aria-label={t('byStatus')} className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {STATUSES.map((s) => (
          <Link key={s} href={`/instances?status=${s}`} className={cx(CARD_CLASS, 'hover:border-red-300 focus-visible:outline-2 focus-visible:outline-red-700')}>
            <span className="block text-2xl font-semibold">{num(byStatus[s] ?? 0)}</span>
            <span className="text-sm text-slate-600">{ti(`status.${s}`)}</span>
          </Link>
        ))}
      </section>

      <Breakers breakers={breakerSnapshots()} t={t} />

      <Card title={t('productionUrl')}>
        <code className="block break-all rounded bg-slate-100 px-3 py-2 text-sm">{rt.config.publicUrl}/api/produce</code>
        <dl className="mt-4 grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm [&>dd]:break-words">
          <dt className="text-slate-500">{t('database')}</dt>
          <dd>{rt.databaseKind === 'embedded' ? t('embedded') : 'PostgreSQL'}</dd>
          <dt className="text-slate-500">{t('marketplaceApi')}</dt>
          <dd className="break-all">{rt.emulatorUrl ? t('emulator') : <span translate="no">{rt.openApi.base}</span>}</dd>
          <dt className="text-slate-500">{t('provisioner')}</dt>
          <dd translate="no">{rt.provisioner.name}</dd>
        </dl>
      </Card>
      {warnings.length > 0 && (
        <section aria-label={t('warnings')} className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-900">
          <h2 className="font-medium">{t('warningsTitle')}</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {warnings.map((w) => (
              <li key={w.code}>{tc(w.code, w.vars)}</li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
