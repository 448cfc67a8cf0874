'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Button, Card, DataTable, FormMessage, StatePanel, type Column, type QueryLike } from '@/components/ui';
import { usePushNow, useRepush, type UsageFailure, type UsageFailures } from '@/lib/client/hooks/usage';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/usage';

/** Records the marketplace rejected or that expired, with their error; support pushes them again, or runs the push now. */
export function FailedRecords({ query, canPush }: { query: QueryLike<UsageFailures>; canPush: boolean }) {
  const t = useT(messages);
  const repush = useRepush();
  const pushNow = usePushNow();
  const [notice, setNotice] = useState<string>();
  const again = (ids: string[]) => {
    setNotice(undefined);
    repush.mutate(ids, { onSuccess: (r) => setNotice(t('records.repushed', { n: r.repushed })) });
  };
  const push = () => {
    setNotice(undefined);
    pushNow.mutate(undefined, { onSuccess: (r) => setNotice(t('pushed', { n: r.pushed })) });
  };
  const columns: Column<UsageFailure>[] = [
    { key: 'record', header: t('records.record'), className: 'sm:w-48', cell: (r) => <span translate="no" className="block break-all font-mono text-xs">{r.instanceId}{r.seq > 1 ? ` #${r.seq}` : ''}</span> },
    { key: 'hour', header: t('records.hour'), className: 'sm:w-40', cell: (r) => <LocalTime iso={r.hour} precision="minute" /> },
    { key: 'value', header: t('records.value'), className: 'text-right tabular-nums max-sm:text-left', cell: (r) => r.value },
    { key: 'status', header: t('records.status'), cell: (r) => <Badge tone={r.status === 'rejected' ? 'danger' : 'warning'}>{r.status === 'rejected' || r.status === 'expired' ? t(`status.${r.status}`) : r.status}</Badge> },
    { key: 'attempts', header: t('records.attempts'), hideBelow: 'md', className: 'text-right', cell: (r) => r.attempts },
    { key: 'error', header: t('records.error'), cell: (r) => (r.lastError ? <code className="break-all text-xs">{r.lastError}</code> : <span className="text-xs text-slate-500">{t('records.noError')}</span>) },
    ...(canPush
      ? [
          {
            key: 'repush',
            header: <span className="sr-only">{t('records.repush')}</span>,
            label: '',
            cell: (r: UsageFailure) => (
              <Button size="sm" disabled={repush.isPending || !r.repushable} onClick={() => again([r.id])} aria-label={t('records.repushOne', { id: r.id })}>
                {t('records.repush')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const rows = (query.data?.records ?? []).filter((r) => r.repushable);
  return (
    <Card
      title={t('records.title')}
      description={t('records.intro')}
      data-testid="failed-records"
      actions={
        canPush && (
          <>
            {rows.length > 1 && (
              <Button disabled={repush.isPending} onClick={() => again(rows.map((r) => r.id))}>
                {t('records.repushAll')}
              </Button>
            )}
            <Button variant="primary" busy={pushNow.isPending} onClick={push}>
              {t('pushNow')}
            </Button>
          </>
        )
      }
    >
      <StatePanel query={query} isEmpty={(d) => d.records.length === 0} empty={t('records.empty')}>
        {({ records }: UsageFailures) => <DataTable className="relative" caption={t('records.caption')} columns={columns} rows={records} rowKey={(r) => r.id} rowTestId="failed-record" />}
      </StatePanel>
      {!canPush && <p className="mt-3 text-xs text-slate-500">{t('records.supportOnly')}</p>}
      <FormMessage error={repush.error?.message ?? pushNow.error?.message} notice={notice} className="mt-3" />
    </Card>
  );
}
