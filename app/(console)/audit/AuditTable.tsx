import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import type { AuditRow } from '@/lib/audit/queries';
import { isLocale, LOCALE_NAMES, translator, type Locale } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/audit';
import common from '@/lib/i18n/messages/common';
import instanceMessages from '@/lib/i18n/messages/instances';
import { actionName, detailParts, fieldLabel, targetView, type AuditT, type DetailPart } from './words';

const OUTCOME_CLS: Record<string, string> = {
  success: 'bg-green-50 text-green-800 ring-green-200',
  failure: 'bg-red-50 text-red-800 ring-red-200',
  denied: 'bg-amber-50 text-amber-900 ring-amber-200',
};

const linkCls = 'text-red-700 underline hover:text-red-800 focus-visible:outline-2 focus-visible:outline-red-700';

/** The cell's name above its value on a narrow screen, where the rows are stacked and the header is hidden. */
function Label({ children }: { children: string }) {
  return <span className="mr-1 text-xs text-slate-500 md:hidden">{children}:</span>;
}

/**
 * The entries: a table from 768 px, a stack of cards below it (no column is clipped at 390 px). Server-rendered: the
 * times become the reader's zone once the page is hydrated (components/LocalTime).
 */
export function AuditTable({ rows, locale }: { rows: AuditRow[]; locale: Locale }) {
  const t = translator(messages, locale);
  const status = translator(instanceMessages, locale);
  const roles = translator(common, locale);
  /** a value in the reader's words where the console has them: an instance's status, a language, a role, yes / no */
  const word = (action: string, name: string, v: string): string => {
    if ((name === 'from' || name === 'to') && action.startsWith('instance.') && `status.${v}` in instanceMessages.en) return status(`status.${v}` as 'status.active');
    if ((name === 'from' || name === 'to') && action === 'user.locale' && isLocale(v)) return LOCALE_NAMES[v];
    if ((name === 'role' || name === 'needed') && `role.${v}` in common.en) return roles(`role.${v}` as 'role.admin');
    if (v === 'true' || v === 'false') return t(v === 'true' ? 'detail.yes' : 'detail.no');
    if (name === 'password_hash' && v === 'changed') return t('detail.changed');
    return v;
  };
  return (
    <table className="w-full text-left text-sm">
      <thead className="hidden bg-slate-50 text-slate-600 md:table-header-group">
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">{t('col.when')}</th>
          <th scope="col" className="px-4 py-2 font-medium">{t('col.who')}</th>
          <th scope="col" className="px-4 py-2 font-medium">{t('col.action')}</th>
          <th scope="col" className="px-4 py-2 font-medium">{t('col.target')}</th>
          <th scope="col" className="px-4 py-2 font-medium">{t('col.outcome')}</th>
          <th scope="col" className="px-4 py-2 font-medium">{t('col.detail')}</th>
        </tr>
      </thead>
      <tbody className="block md:table-row-group">
        {rows.map((r) => {
          const target = targetView(r.action, r.target);
          return (
            <tr key={r.id} data-testid="audit-entry" className="block border-t border-slate-100 px-4 py-3 align-top md:table-row md:p-0">
              <td className="block whitespace-nowrap text-xs text-slate-600 md:table-cell md:px-4 md:py-2 md:text-sm md:text-slate-900">
                <LocalTime iso={r.at.toISOString()} />
              </td>
              <td className="block break-all md:table-cell md:px-4 md:py-2">
                <Label>{t('col.who')}</Label>
                {r.userEmail ?? '—'}
              </td>
              <td className="block md:table-cell md:px-4 md:py-2">
                <span className="font-medium">{actionName(t, r.action)}</span>
                <span className="ml-2 font-mono text-xs text-slate-500 md:ml-0 md:block">{r.action}</span>
              </td>
              <td className="block break-all md:table-cell md:px-4 md:py-2">
                <Label>{t('col.target')}</Label>
                {!target ? (
                  '—'
                ) : target.href ? (
                  <Link href={target.href} className={linkCls}>
                    {target.text}
                  </Link>
                ) : (
                  target.text
                )}
              </td>
              <td className="block py-1 md:table-cell md:px-4 md:py-2">
                <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${OUTCOME_CLS[r.outcome] ?? 'bg-slate-50 text-slate-700 ring-slate-200'}`}>
                  {r.outcome === 'success' || r.outcome === 'failure' || r.outcome === 'denied' ? t(`outcome.${r.outcome}`) : r.outcome}
                </span>
              </td>
              <td className="block text-xs text-slate-600 md:table-cell md:px-4 md:py-2">
                <Detail parts={detailParts(r.detail)} t={t} word={(name, v) => word(r.action, name, v)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Detail({ parts, t, word }: { parts: DetailPart[]; t: AuditT; word: (name: string, v: string) => string }) {
  if (!parts.length) return null;
  return (
    <ul className="space-y-0.5 break-words">
      {parts.map((p, i) => (
        <li key={i}>
          {p.kind === 'change' && (
            <span className="font-medium text-slate-800">
              {word('from', p.from)} → {word('to', p.to)}
            </span>
          )}
          {p.kind === 'denied' && t('detail.denied', { role: word('role', p.role), needed: word('needed', p.needed) })}
          {p.kind === 'reason' && t('detail.reason', { text: p.text })}
          {p.kind === 'newCall' && (
            <Link href={`/calls/${p.id}`} className={linkCls}>
              {t('detail.newCall', { id: p.id })}
            </Link>
          )}
          {p.kind === 'field' && (
            <>
              <span className="text-slate-500">{fieldLabel(t, p.name)}:</span> <span className="break-all font-mono">{word(p.name, p.value)}</span>
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
