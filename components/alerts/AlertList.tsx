'use client';

import Link from 'next/link';
import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Button, Card, DataTable, FormMessage, StatePanel, type Column } from '@/components/ui';
import { alertDetail, alertTitle } from '@/lib/alerts/text';
import { useAcknowledgeAlert, useAlerts, type AlertRow } from '@/lib/client/hooks/alerts';
import { useLocale, useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/alerts';

/** The Alerts page's two lists: the open alerts (acknowledge, support and up) and those resolved in the last 7 days. */
export function AlertList({ canAcknowledge }: { canAcknowledge: boolean }) {
  const t = useT(messages);
  const locale = useLocale();
  const alerts = useAlerts('all');
  const ack = useAcknowledgeAlert();
  const [notice, setNotice] = useState<string>();

  const columns = (open: boolean): Column<AlertRow>[] => [
    {
      key: 'alert',
      header: t('col.alert'),
      cell: (a) => (
        <div className="min-w-0">
          <span className="block font-medium">{alertTitle(locale, a)}</span>
          <span className="block text-xs text-slate-600">{alertDetail(locale, a)}</span>
          <Link href={a.link} className="text-xs font-medium text-red-800 underline">
            {t('show')}
          </Link>
        </div>
      ),
    },
    {
      key: 'state',
      header: t('col.state'),
      cell: (a) =>
        a.state === 'resolved' ? (
          <>
            <Badge tone="success">{t('state.resolved')}</Badge>
            {a.resolvedAt && (
              <span className="block text-xs text-slate-500">
                <LocalTime iso={a.resolvedAt} />
              </span>
            )}
          </>
        ) : a.acknowledgedAt ? (
          <>
            <Badge tone="warning">{t('state.acknowledged')}</Badge>
            <span className="block break-all text-xs text-slate-500" translate="no">
              {t('ackBy', { email: a.acknowledgedBy ?? '' })}
            </span>
          </>
        ) : (
          <Badge tone="danger">{t('state.open')}</Badge>
        ),
    },
    { key: 'opened', header: t('col.opened'), cell: (a) => <LocalTime iso={a.openedAt} /> },
    { key: 'messages', header: t('col.messages'), hideBelow: 'md', cell: (a) => <span className="text-xs">{t('messagesLine', a.deliveries)}</span> },
    ...(open && canAcknowledge
      ? [
          {
            key: 'actions',
            header: <span className="sr-only">{t('col.actions')}</span>,
            label: t('col.actions'),
            className: 'sm:text-right',
            cell: (a: AlertRow) =>
              !a.acknowledgedAt && (
                <Button
                  size="sm"
                  busy={ack.isPending && ack.variables === a.id}
                  busyLabel={t('acknowledging')}
                  onClick={() => {
                    setNotice(undefined);
                    ack.mutate(a.id, { onSuccess: () => setNotice(t('acknowledged')) });
                  }}
                >
                  {t('acknowledge')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <StatePanel query={alerts} errorTitle={t('page.couldNotLoad')} isEmpty={() => false}>
      {(data: { alerts: AlertRow[] }) => (
        <div className="space-y-6">
          <Card title={t('page.open')}>
            <FormMessage error={ack.error?.message} notice={notice} />
            <div data-testid="open-alerts">
              <DataTable caption={t('page.open')} columns={columns(true)} rows={data.alerts.filter((a) => a.state === 'open')} rowKey={(a) => a.id} empty={t('page.noneOpen')} />
            </div>
          </Card>
          <Card title={t('page.recent')}>
            <div data-testid="resolved-alerts">
              <DataTable caption={t('page.recent')} columns={columns(false)} rows={data.alerts.filter((a) => a.state === 'resolved')} rowKey={(a) => a.id} empty={t('page.noneRecent')} />
            </div>
          </Card>
        </div>
      )}
    </StatePanel>
  );
}
