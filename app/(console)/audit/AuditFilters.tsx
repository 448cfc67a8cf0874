'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { useIsClient } from '@/components/LocalTime';
import { readFilterForm, TimeInput } from '@/components/TimeInput';
import { TIME_INPUT_FORMAT } from '@/lib/datetime';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/audit';
import type { AuditFilterKey, AuditOutcome } from '@/lib/audit/queries';
import { actionGroups, actionName, isNamedAction } from './words';

// the lists of lib/audit/queries.ts, repeated so that zod stays out of the browser's bundle
const AUDIT_FILTER_KEYS = ['actor', 'action', 'outcome', 'from', 'to'] as const satisfies readonly AuditFilterKey[];
const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const satisfies readonly AuditOutcome[];

const inputCls =
  'mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-red-700 focus-visible:outline-2 focus-visible:outline-red-700';

/**
 * The audit log's filters, kept in the URL so a filtered view can be shared: actor (a picker of the actors present, or
 * typed), action (by its readable name), outcome, and a time range typed in the reader's zone and sent as UTC.
 */
export function AuditFilters({ values, actors }: { values: Partial<Record<AuditFilterKey, string>>; actors: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const client = useIsClient();
  const t = useT(messages);
  const [timeErrors, setTimeErrors] = useState<Partial<Record<AuditFilterKey, string>>>({});
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // the URL holds absolute times, so a shared link shows the same entries in any time zone
    const { query, errors } = readFilterForm(new FormData(e.currentTarget), AUDIT_FILTER_KEYS, ['from', 'to'], t('filter.timeFormat', { format: TIME_INPUT_FORMAT }));
    setTimeErrors(errors);
    if (Object.keys(errors).length === 0) router.push(query.size ? `${pathname}?${query}` : pathname);
  }
  const field = (name: string, label: string, control: React.ReactNode) => (
    <label className="block text-sm text-slate-600" htmlFor={`f-${name}`}>
      {label}
      {control}
    </label>
  );
  const zone = client ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC';
  return (
    <form
      aria-label={t('filters')}
      onSubmit={submit}
      // the form's defaults follow the URL (back/forward, links); times are shown in the reader's zone once hydrated
      key={JSON.stringify(values) + String(client)}
      className="mt-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-3"
    >
      {field(
        'actor',
        t('filter.actor'),
        <>
          <input id="f-actor" name="actor" list="audit-actors" defaultValue={values.actor ?? ''} className={inputCls} autoComplete="off" />
          <datalist id="audit-actors">
            {actors.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </>,
      )}
      {field(
        'action',
        t('filter.action'),
        <select id="f-action" name="action" defaultValue={values.action ?? ''} className={inputCls}>
          <option value="">{t('filter.any')}</option>
          {values.action && !isNamedAction(values.action) && <option value={values.action}>{values.action}</option>}
          {actionGroups().map(({ group, actions }) => (
            <optgroup key={group} label={t(`group.${group}`)}>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionName(t, a)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>,
      )}
      {field(
        'outcome',
        t('filter.outcome'),
        <select id="f-outcome" name="outcome" defaultValue={values.outcome ?? ''} className={inputCls}>
          <option value="">{t('filter.any')}</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`outcome.${o}`)}
            </option>
          ))}
        </select>,
      )}
      {field('from', t('filter.from'), <TimeInput name="from" iso={values.from} error={timeErrors.from} className={inputCls} />)}
      {field('to', t('filter.to'), <TimeInput name="to" iso={values.to} error={timeErrors.to} className={inputCls} />)}
      <div className="flex flex-wrap items-end gap-2">
        <button
          type="submit"
          className="rounded bg-red-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          {t('filter.apply')}
        </button>
        <Link href="/audit" className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-red-700">
          {t('reset')}
        </Link>
      </div>
      <p className="text-xs text-slate-500 sm:col-span-2 lg:col-span-3">{t('filter.timeHint', { zone })}</p>
    </form>
  );
}
