'use client';

import { Field, INPUT_CLASS } from '@/components/ui';
import { useIsClient } from '@/components/LocalTime';
import { FilterButtons, FilterForm, TimeInput, useFilterForm } from '@/components/TimeInput';
import { TIME_INPUT_FORMAT } from '@/lib/datetime';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/audit';
import type { AuditFilterKey, AuditOutcome } from '@/lib/audit/queries';
import { actionGroups, actionName, isNamedAction } from './words';

// the lists of lib/audit/queries.ts, repeated so that zod stays out of the browser's bundle
const AUDIT_FILTER_KEYS = ['actor', 'action', 'outcome', 'from', 'to'] as const satisfies readonly AuditFilterKey[];
const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const satisfies readonly AuditOutcome[];

/** A picker's options: each value under its readable name. */
function options<V extends string>(values: readonly V[], name: (v: V) => string) {
  return values.map((v) => (
    <option key={v} value={v}>
      {name(v)}
    </option>
  ));
}

/**
 * The audit log's filters, kept in the URL so a filtered view can be shared: actor (a picker of the actors present, or
 * typed), action (by its readable name), outcome, and a time range typed in the reader's zone and sent as UTC.
 */
export function AuditFilters({ values, actors }: { values: Partial<Record<AuditFilterKey, string>>; actors: string[] }) {
  const client = useIsClient();
  const t = useT(messages);
  // the URL holds absolute times, so a shared link shows the same entries in any time zone
  const { submit, timeErrors } = useFilterForm(AUDIT_FILTER_KEYS, ['from', 'to'], t('filter.timeFormat', { format: TIME_INPUT_FORMAT }));
  const zone = client ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC';
  return (
    <FilterForm label={t('filters')} values={values} onSubmit={submit} className="grid-cols-1 sm:grid-cols-2 lg:grid-cols-3">
      <Field label={t('filter.actor')} id="f-actor">
        <input name="actor" list="audit-actors" defaultValue={values.actor ?? ''} autoComplete="off" />
      </Field>
      <datalist id="audit-actors">
        {actors.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field label={t('filter.action')} id="f-action">
        <select name="action" defaultValue={values.action ?? ''}>
          <option value="">{t('filter.any')}</option>
          {values.action && !isNamedAction(values.action) && <option value={values.action}>{values.action}</option>}
          {actionGroups().map(({ group, actions }) => (
            <optgroup key={group} label={t(`group.${group}`)}>
              {options(actions, (a) => actionName(t, a))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field label={t('filter.outcome')} id="f-outcome">
        <select name="outcome" defaultValue={values.outcome ?? ''}>
          <option value="">{t('filter.any')}</option>
          {options(AUDIT_OUTCOMES, (o) => t(`outcome.${o}`))}
        </select>
      </Field>
      {/* TimeInput names its input f-<name> and shows its own error */}
      <Field label={t('filter.from')} id="f-from">
        {() => <TimeInput name="from" iso={values.from} error={timeErrors.from} className={INPUT_CLASS} />}
      </Field>
      <Field label={t('filter.to')} id="f-to">
        {() => <TimeInput name="to" iso={values.to} error={timeErrors.to} className={INPUT_CLASS} />}
      </Field>
      <FilterButtons apply={t('filter.apply')} reset={{ href: '/audit', label: t('reset') }} className="flex flex-wrap items-end gap-2" />
      <p className="text-xs text-slate-500 sm:col-span-2 lg:col-span-3">{t('filter.timeHint', { zone })}</p>
    </FilterForm>
  );
}
