'use client';

import { FilterButtons, FilterForm, TimeInput, useFilterForm } from '@/components/TimeInput';
import { Field } from '@/components/ui';
import { TIME_INPUT_FORMAT } from '@/lib/datetime';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { ACTIVITIES, choices, FILTER_KEYS, LINKED_FILTERS, RESULT_CODES, type FilterKey } from './filters';

type Option = readonly [value: string, text: string, data?: boolean];

/**
 * The call log's filters: direction, activity, result code, outcome and test flag as pickers, the instance or order
 * id (matched in any case), and a time range typed as the console shows times. Applying puts them in the URL, as
 * absolute times, so a shared link shows the same calls in any time zone.
 */
export function CallFilters({ filters }: { filters: Record<string, string> }) {
  const t = useT(messages);
  // the URL holds absolute times, so a shared link shows the same calls in any time zone
  const { submit, timeErrors } = useFilterForm(FILTER_KEYS, ['from', 'to'], t('timeFormat', { format: TIME_INPUT_FORMAT }));

  const pick = (name: FilterKey, label: string, options: readonly Option[]) => (
    <Field label={label}>
      <select id={`f-${name}`} name={name} defaultValue={filters[name] ?? ''}>
        <option value="">{t('any')}</option>
        {options.map(([value, text, data]) => (
          <option key={value} value={value} translate={data ? 'no' : undefined}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
  const codeText = (c: string) => (`resultCode.${c}` in messages.en ? `${c} · ${t(`resultCode.${c}` as never)}` : c);
  const linked = LINKED_FILTERS.filter((k) => filters[k]);

  return (
    <FilterForm label={t('filters')} values={filters} onSubmit={submit} className="grid-cols-2 sm:grid-cols-3 lg:grid-cols-5">
      {pick('direction', t('direction'), [
        ['inbound', t('inbound')],
        ['outbound', t('outbound')],
      ])}
      {pick(
        'activity',
        t('activity'),
        choices(ACTIVITIES, filters.activity).map((a) => [a, a, true] as const),
      )}
      {pick(
        'resultCode',
        t('resultCode'),
        choices(RESULT_CODES, filters.resultCode).map((c) => [c, codeText(c)] as const),
      )}
      {pick('outcome', t('outcome'), [
        ['success', t('success')],
        ['failure', t('failure')],
      ])}
      {pick('testFlag', t('testFlag'), [
        ['1', t('testCalls')],
        ['0', t('realCalls')],
      ])}
      <Field label={t('targetId')}>
        <input id="f-id" name="id" defaultValue={filters.id ?? ''} autoComplete="off" />
      </Field>
      {(['from', 'to'] as const).map((k) => (
        <Field key={k} id={`f-${k}`} label={t(k === 'from' ? 'from' : 'until')}>
          {(control) => <TimeInput name={k} iso={filters[k]} error={timeErrors[k]} className={control.className} />}
        </Field>
      ))}
      {linked.map((k) => (
        <input key={k} type="hidden" name={k} value={filters[k]} />
      ))}
      <FilterButtons apply={t('apply')} reset={{ href: '/calls', label: t('clear') }} className="col-span-2 flex flex-wrap items-end gap-2 sm:col-span-1 lg:col-span-2">
        {linked.map((k) => (
          <span key={k} className="text-xs text-slate-500">
            {k === 'jobId' ? t('job', { id: filters[k]! }) : t('attemptsOf', { id: filters[k]! })}
          </span>
        ))}
      </FilterButtons>
    </FilterForm>
  );
}
