'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, errorMessageOf, RowAction, type Column } from '@/components/ui';
import { useRepush, type RepushResult, type UsageFailure, type UsageFailures as UsageFailuresData } from '@/lib/client/hooks/usage';
import { useT } from '@/lib/i18n/client';
import type { Translate } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/usagePush';
import { AttentionSection, ErrorDetails } from './AttentionSection';
import { Target } from './Target';

type T = Translate<Extract<keyof (typeof messages)['en'], string>>;

/**
 * Re-push of `ids` through the list's one mutation: a re-pushed record leaves the list, and a mutation of the row's own
 * would be gone with it before it could report the outcome.
 */
function RepushButton({ ids, label, repush, onDone, t }: { ids: string[]; label: string; repush: ReturnType<typeof useRepush>; onDone: (r: RepushResult) => void; t: T }) {
  const mine = repush.variables === ids || (repush.variables?.length === ids.length && repush.variables.every((id, i) => id === ids[i]));
  return (
    <RowAction
      label={label}
      busyLabel={t('repushing')}
      busy={repush.isPending && mine}
      disabled={repush.isPending && !mine}
      error={repush.isError && mine ? t('repushFailed', { error: errorMessageOf(repush.error, '') }) : undefined}
      onClick={() => repush.mutate(ids, { onSuccess: onDone })}
    />
  );
}

/**
 * The usage records of the attention queue (lib/usage/attention.ts): instance, hour, value, why the marketplace
 * refused it; support staff re-push one, or all that can be, and the list refreshes.
 */
export function UsageFailures({ data, canRepush }: { data: UsageFailuresData; canRepush: boolean }) {
  const t = useT(messages);
  const [notice, setNotice] = useState<string>();
  const repush = useRepush();
  const onDone = (r: RepushResult) =>
    setNotice(t('repushed', { n: r.repushed, accepted: r.accepted, rejected: r.rejected, pending: r.pending }));
  const repushable = data.records.filter((r) => r.repushable).map((r) => r.id);
  const columns: Column<UsageFailure>[] = [
    {
      key: 'instance',
      header: t('col.instance'),
      className: 'max-w-56',
      cell: (r) => <Target instanceId={r.instanceId} lines={[r.packageInstanceId && t('package', { id: r.packageInstanceId }), r.seq > 1 && t('seq', { n: r.seq })]} />,
    },
    { key: 'hour', header: t('col.hour'), className: 'sm:whitespace-nowrap', cell: (r) => <LocalTime iso={r.hour} precision="minute" /> },
    { key: 'value', header: t('col.value'), cell: (r) => <span translate="no" className="font-mono">{r.value}</span> },
    {
      key: 'status',
      header: t('col.status'),
      cell: (r) => (
        <span className="inline-flex flex-col items-start gap-1">
          <Badge tone="danger">{t(`status.${r.status}`)}</Badge>
          <span className="text-xs text-slate-500">{t('attempts', { n: r.attempts })}</span>
        </span>
      ),
    },
    {
      key: 'error',
      header: t('col.error'),
      cell: (r) => <ErrorDetails error={r.lastError} none={t('noError')} />,
    },
  ];
  if (canRepush) {
    columns.push({
      key: 'action',
      header: t('col.action'),
      cell: (r) => (r.repushable ? <RepushButton ids={[r.id]} label={t('repush')} repush={repush} onDone={onDone} t={t} /> : <span className="text-xs text-slate-600">{t('tooOld')}</span>),
    });
  }
  return (
    <AttentionSection
      title={t('title')}
      intro={t('intro')}
      notice={notice}
      actions={canRepush && repushable.length > 1 && <RepushButton ids={repushable} label={t('repushAll', { n: repushable.length })} repush={repush} onDone={onDone} t={t} />}
      columns={columns}
      rows={data.records}
      rowKey={(r) => r.id}
      rowTestId="usage-failure-row"
      empty={t('empty')}
      footer={data.total > data.records.length && <p className="text-sm text-slate-600">{t('more', { shown: data.records.length, total: data.total })}</p>}
    />
  );
}
