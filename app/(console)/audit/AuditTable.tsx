'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { Badge, DataTable, type BadgeTone, type Column } from '@/components/ui';
import type { AuditRow } from '@/lib/audit/queries';
import { isLocale, LOCALE_NAMES } from '@/lib/i18n/core';
import { useLocale, useT } from '@/lib/i18n/client';
import { isRefusalKey, messageText } from '@/lib/refusal';
import messages from '@/lib/i18n/messages/audit';
import termMessages, { term } from '@/lib/i18n/messages/terms';
import common from '@/lib/i18n/messages/common';
import instanceMessages from '@/lib/i18n/messages/instances';
import { actionName, detailParts, fieldLabel, targetView, type AuditT, type DetailPart } from './words';

const OUTCOME_TONE: Record<string, BadgeTone> = { success: 'success', failure: 'danger', denied: 'warning' };

const linkCls = 'text-red-700 underline hover:text-red-800 focus-visible:outline-2 focus-visible:outline-red-700';

type Word = (name: string, v: string) => string;

/**
 * The entries: a table from 640 px, stacked cards below it (no column is clipped at 390 px). The times are the
 * reader's zone once the page is hydrated (components/LocalTime).
 */
export function AuditTable({ rows, empty }: { rows: AuditRow[]; empty: React.ReactNode }) {
  const t = useT(messages);
  const status = useT(instanceMessages);
  const roles = useT(common);
  const terms = useT(termMessages);
  /** a value in the reader's words where the console has them: an instance's status, a language, a role, yes / no */
  const word = (action: string): Word => (name, v) => {
    if ((name === 'from' || name === 'to') && action.startsWith('instance.') && `status.${v}` in instanceMessages.en) return status(`status.${v}` as 'status.active');
    if ((name === 'from' || name === 'to') && action === 'user.locale' && isLocale(v)) return LOCALE_NAMES[v];
    if ((name === 'role' || name === 'needed') && `role.${v}` in common.en) return roles(`role.${v}` as 'role.admin');
    if (v === 'true' || v === 'false') return t(v === 'true' ? 'detail.yes' : 'detail.no');
    if (name === 'password_hash' && v === 'changed') return t('detail.changed');
    if (name === 'queue') return term(terms, 'queue', v);
    return v;
  };
  const columns: Column<AuditRow>[] = [
    { key: 'when', header: t('col.when'), className: 'whitespace-nowrap', cell: (r) => <LocalTime iso={new Date(r.at).toISOString()} /> },
    { key: 'who', header: t('col.who'), cell: (r) => <span className="break-all">{r.userEmail ?? '—'}</span> },
    {
      key: 'action',
      header: t('col.action'),
      cell: (r) => (
        <>
          <span className="font-medium">{actionName(t, r.action)}</span>
          <span translate="no" className="block font-mono text-xs text-slate-500">
            {r.action}
          </span>
        </>
      ),
    },
    { key: 'target', header: t('col.target'), cell: (r) => <Target action={r.action} target={r.target} /> },
    {
      key: 'outcome',
      header: t('col.outcome'),
      cell: (r) => (
        <Badge tone={OUTCOME_TONE[r.outcome] ?? 'neutral'}>{r.outcome === 'success' || r.outcome === 'failure' || r.outcome === 'denied' ? t(`outcome.${r.outcome}`) : r.outcome}</Badge>
      ),
    },
    { key: 'detail', header: t('col.detail'), cell: (r) => <Detail parts={detailParts(r.detail)} t={t} word={word(r.action)} /> },
  ];
  return <DataTable caption={t('entries')} columns={columns} rows={rows} rowKey={(r) => r.id} rowTestId="audit-entry" empty={empty} />;
}

/** A detail value: in the reader's words when the console has them, else as recorded (data, not to be translated). */
function FieldValue({ text, raw }: { text: string; raw: string }) {
  return (
    <span className="break-all font-mono" translate={text === raw ? 'no' : undefined}>
      {text}
    </span>
  );
}

function Target({ action, target }: { action: string; target: string | null }) {
  const view = targetView(action, target);
  if (!view) return <>—</>;
  return (
    <span className="break-all">
      {view.href ? (
        <Link href={view.href} className={linkCls}>
          {view.text}
        </Link>
      ) : (
        view.text
      )}
    </span>
  );
}

function Detail({ parts, t, word }: { parts: DetailPart[]; t: AuditT; word: Word }) {
  const locale = useLocale();
  if (!parts.length) return null;
  return (
    <ul className="space-y-0.5 break-words text-xs text-slate-600">
      {parts.map((p, i) => (
        <li key={i}>
          {p.kind === 'change' && (
            <span className="font-medium text-slate-800">
              {word('from', p.from)} → {word('to', p.to)}
            </span>
          )}
          {p.kind === 'denied' && t('detail.denied', { role: word('role', p.role), needed: word('needed', p.needed) })}
          {p.kind === 'reason' && (
            <>
              <span className="text-slate-500">{t('detail.reason')}</span>{' '}
              {/* in the reader's words when the entry kept the refusal's key; else as recorded */}
              {p.key && isRefusalKey(p.key) ? messageText({ key: p.key, vars: p.vars }, locale) : <span translate="no">{p.text}</span>}
            </>
          )}
          {p.kind === 'newCall' && (
            <Link href={`/calls/${p.id}`} className={linkCls}>
              {t('detail.newCall', { id: p.id })}
            </Link>
          )}
          {p.kind === 'field' && (
            <>
              <span className="text-slate-500">{fieldLabel(t, p.name)}:</span> <FieldValue text={word(p.name, p.value)} raw={p.value} />
            </>
          )}
          {p.kind === 'secret' && (
            <>
              <span className="text-slate-500">{fieldLabel(t, p.name)}:</span> {t('detail.secret')}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
