'use client';

import { LocalTime } from '@/components/LocalTime';
import { Card, DataTable, type Column } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/usage';
import type { UsageHours } from '@/lib/usage/queries';
import type { ReconciledHour } from '@/lib/usage/reconcile';
import { unitsToString } from '@/lib/usage/units';

type Row = ReconciledHour & { total?: boolean };
const NUM = 'text-right tabular-nums max-sm:text-left';

/** The reconciliation per hour (lib/usage/reconcile.ts) with its totals, and a warning when the events and the records disagree. */
export function Reconciliation({ data }: { data: UsageHours }) {
  const t = useT(messages);
  const num = (key: keyof Omit<ReconciledHour, 'hour'>, header: string, hideBelow?: 'sm' | 'md' | 'lg'): Column<Row> => ({
    key,
    header,
    className: NUM,
    hideBelow,
    cell: (r) => <span className={r.total ? 'font-semibold' : undefined}>{unitsToString(r[key])}</span>,
  });
  const columns: Column<Row>[] = [
    { key: 'hour', header: t('rec.hour'), cell: (r) => (r.total ? <span className="font-semibold">{t('rec.total')}</span> : <LocalTime iso={r.hour} precision="minute" />) },
    num('measured', t('rec.measured')),
    { ...num('unbilled', t('rec.unbilled')), header: <abbr title={t('rec.unbilledHint')} className="no-underline">{t('rec.unbilled')}</abbr>, label: t('rec.unbilled') },
    num('pending', t('rec.pending')),
    // outside the identity, and in the chart: left out on a phone, where every hour is a card of lines
    num('pushed', t('rec.pushed'), 'sm'),
    num('accepted', t('rec.accepted')),
    num('rejected', t('rec.rejected')),
    num('expired', t('rec.expired')),
    {
      key: 'difference',
      header: t('rec.difference'),
      className: NUM,
      cell: (r) => <span className={r.difference !== 0 ? 'font-semibold text-red-700' : 'text-slate-500'}>{unitsToString(r.difference)}</span>,
    },
  ];
  const rows: Row[] = data.hours.length ? [...data.hours, { hour: 'total', ...data.totals, total: true }] : [];
  return (
    <Card title={t('rec.title')} description={t('rec.intro')} data-testid="reconciliation">
      {data.mismatches > 0 ? (
        <p role="alert" data-testid="usage-mismatch" className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {t('rec.mismatch', { n: data.mismatches, value: unitsToString(data.totals.difference) })}
        </p>
      ) : (
        data.hours.length > 0 && <p className="mb-3 text-sm text-emerald-800">{t('rec.agree')}</p>
      )}
      <DataTable className="relative" caption={t('rec.caption')} columns={columns} rows={rows} rowKey={(r) => r.hour} empty={t('rec.empty')} rowTestId="reconciliation-row" />
    </Card>
  );
}
