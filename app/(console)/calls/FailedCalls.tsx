'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Section } from '@/components/calls/Section';
import { Target } from '@/components/calls/Target';
import { LocalTime } from '@/components/LocalTime';
import { Badge, DataTable, type Column } from '@/components/ui';
import type { Failure } from '@/lib/calls/queries';
import type { Failures } from '@/lib/client/hooks/calls';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { BulkReinvoke } from './BulkReinvoke';
import { Countdown } from './Countdown';
import { windowText, type CallsT } from './words';
import { LINK } from '@/components/calls/link';
import { V1Badge } from '@/components/calls/V1Badge';

function columns(t: CallsT, now: string): Column<Failure>[] {
  return [
    {
      key: 'deadline',
      header: t('col.deadline'),
      cell: (f) => (
        <>
          {f.deadline && f.afterwards ? <Countdown deadline={f.deadline} afterwards={f.afterwards} serverNow={now} /> : <span className="text-slate-500">—</span>}
          <span className="block text-xs text-slate-500">{windowText(t, f)}</span>
        </>
      ),
    },
    {
      key: 'activity',
      header: t('col.activity'),
      cell: (f) => (
        <span className="inline-flex flex-wrap items-center gap-1.5">
          <Link href={`/calls/${f.lastCallId}`} translate={f.activity ? 'no' : undefined} className={`whitespace-nowrap ${LINK}`}>
            {f.activity ?? t('noActivity')}
          </Link>
          {f.v1 && <V1Badge />}
          {f.testFlag && <Badge>{t('test')}</Badge>}
        </span>
      ),
    },
    {
      key: 'target',
      header: t('col.target'),
      className: 'max-w-56',
      cell: (f) => <Target instanceId={f.instanceId} lines={[f.orderId, f.orderLineId && t('line', { id: f.orderLineId })]} />,
    },
    {
      key: 'result',
      header: t('col.lastResult'),
      cell: (f) => (
        <>
          <code translate="no" className="font-mono text-xs">
            {f.resultCode}
          </code>
          <span translate="no" className="line-clamp-2 max-w-72 break-words text-xs text-slate-500">
            {f.resultMsg}
          </span>
        </>
      ),
    },
    { key: 'attempts', header: t('col.attempts'), cell: (f) => f.attempts, className: 'tabular-nums' },
    { key: 'first', header: t('col.firstFailure'), cell: (f) => <LocalTime iso={f.firstFailureAt} />, className: 'sm:whitespace-nowrap text-slate-600' },
  ];
}

/**
 * The failed inbound calls of the attention queue, by the time the marketplace stops retrying them, each counting down
 * to its refund or abandonment; support staff select some and re-invoke them together.
 */
export function FailedCalls({ data, canReinvoke }: { data: Failures; canReinvoke: boolean }) {
  const t = useT(messages);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { failures } = data;
  const shown = new Set(failures.map((f) => f.lastCallId));
  const chosen = failures.filter((f) => selected.has(f.lastCallId));
  const toggle = (id: string, on: boolean) => {
    const next = new Set([...selected].filter((s) => shown.has(s)));
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const select: Column<Failure> = {
    key: 'select',
    header: <span className="sr-only">{t('select')}</span>,
    label: '',
    cell: (f) => (
      <input
        type="checkbox"
        aria-label={t('selectRow', { activity: f.activity ?? t('call'), target: f.orderId ?? f.instanceId ?? f.target })}
        checked={selected.has(f.lastCallId)}
        onChange={(e) => toggle(f.lastCallId, e.target.checked)}
      />
    ),
  };
  return (
    <Section title={t('failedCalls')} intro={t('failuresIntro')}>
      {canReinvoke && <BulkReinvoke chosen={chosen} available={failures.length > 0} onDone={() => setSelected(new Set())} />}
      <DataTable
        columns={canReinvoke ? [select, ...columns(t, data.now)] : columns(t, data.now)}
        rows={failures}
        rowKey={(f) => `${f.activity}|${f.target}`}
        rowTestId="failure-row"
        caption={t('failedCalls')}
        empty={t('noFailedCalls')}
      />
    </Section>
  );
}
