'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Button, DataTable, buttonClass, useConfirm, type Column } from '@/components/ui';
import type { CaseRow } from '@/lib/debugger/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { VerdictBadge } from './Checks';
import { Trend } from './RunResults';

export interface CaseTableProps {
  cases: CaseRow[];
  /** support: Run, Edit and Delete on each case */
  canRun: boolean;
  busy: boolean;
  onRun: (c: CaseRow) => void;
  onDelete: (c: CaseRow) => void;
}

/** The saved cases: activity, target, the last result and the trend; Run, Edit, Delete (after a confirmation). */
export function CaseTable({ cases, canRun, busy, onRun, onDelete }: CaseTableProps) {
  const t = useT(messages);
  const confirm = useConfirm();
  const remove = async (c: CaseRow) => {
    const ok = await confirm({ title: t('cases.confirmDelete', { name: c.name }), confirmLabel: t('cases.delete'), tone: 'danger' });
    if (ok) onDelete(c);
  };
  const columns: Column<CaseRow>[] = [
    { key: 'name', header: t('cases.name'), className: 'font-medium', cell: (c) => <span translate="no">{c.name}</span> },
    {
      key: 'activity',
      header: t('cases.activity'),
      cell: (c) => (
        <code className="text-xs">
          {c.activity}
          {c.params.scene && <span className="block text-slate-500">{c.params.scene}</span>}
        </code>
      ),
    },
    {
      key: 'target',
      header: t('cases.target'),
      className: 'max-w-[16rem] break-all text-xs',
      cell: (c) => (
        <>
          {c.targetUrl ? <code>{c.targetUrl}</code> : t('cases.thisApp')}
          {c.keyFingerprint && <span className="block text-slate-500">{t('cases.typedKey', { fingerprint: c.keyFingerprint })}</span>}
        </>
      ),
    },
    {
      key: 'last',
      header: t('cases.last'),
      cell: (c) =>
        c.last ? (
          <span className="flex flex-wrap items-center gap-1 text-xs">
            <VerdictBadge pass={c.last.pass} />
            <code>{c.last.resultCode ?? '—'}</code>
            <span className="text-slate-500">
              {c.last.durationMs} ms · <LocalTime iso={c.last.at} />
            </span>
          </span>
        ) : (
          <span className="text-xs text-slate-500">{t('cases.never')}</span>
        ),
    },
    { key: 'trend', header: t('cases.trend'), cell: (c) => <Trend values={c.trend} /> },
  ];
  if (canRun) {
    columns.push({
      key: 'actions',
      header: t('cases.actions'),
      cell: (c) => (
        <span className="flex flex-wrap gap-1">
          <Button size="sm" disabled={busy} onClick={() => onRun(c)} aria-label={`${t('cases.run')} ${c.name}`}>
            {t('cases.run')}
          </Button>
          <Link href={`/debugger?case=${c.id}`} className={buttonClass('secondary', 'sm')} aria-label={`${t('cases.edit')} ${c.name}`}>
            {t('cases.edit')}
          </Link>
          <Button size="sm" onClick={() => void remove(c)} aria-label={`${t('cases.delete')} ${c.name}`}>
            {t('cases.delete')}
          </Button>
        </span>
      ),
    });
  }
  return <DataTable caption={t('cases.title')} columns={columns} rows={cases} rowKey={(c) => c.id} rowTestId="case-row" className="mt-4" />;
}
