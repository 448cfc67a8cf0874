import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Card } from '@/components/ui';
import type { AlertRow } from '@/lib/alerts/queries';
import { alertTitle } from '@/lib/alerts/text';
import { translator, type Locale } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/alerts';

const SHOWN = 5;

/** The Overview's open alerts (issue 12): the newest few, each linking to the page that shows its cause. */
export function OpenAlerts({ alerts, locale }: { alerts: AlertRow[]; locale: Locale }) {
  const t = translator(messages, locale);
  return (
    <Card title={t('overview.title')}>
      {alerts.length === 0 ? (
        <p className="text-sm text-slate-600">{t('overview.none')}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="overview-alerts">
          {alerts.slice(0, SHOWN).map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
              <Badge tone={a.acknowledgedAt ? 'warning' : 'danger'}>{t(a.acknowledgedAt ? 'state.acknowledged' : 'state.open')}</Badge>
              <Link href={a.link} className="min-w-0 flex-1 font-medium underline decoration-slate-300 hover:decoration-red-700">
                {alertTitle(locale, a)}
              </Link>
              <span className="text-xs text-slate-500">
                <LocalTime iso={a.openedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-3 text-sm">
        <Link href="/alerts" className="font-medium text-red-800 underline">
          {alerts.length > SHOWN ? `${t('overview.all')} (${t('overview.more', { n: alerts.length - SHOWN })})` : t('overview.all')}
        </Link>
      </p>
    </Card>
  );
}
