'use client';

import { FilterButtons, FilterForm, TimeInput, useFilterForm } from '@/components/TimeInput';
import { buttonClass, Field } from '@/components/ui';
import { ApiError } from '@/lib/client/api';
import { usageExportUrl } from '@/lib/client/hooks/usageViews';
import { TIME_INPUT_FORMAT } from '@/lib/datetime';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/usage';
import { USAGE_FILTER_KEYS, type UsageFilters } from '@/lib/usage/filters';

/** Instance, billing item and a time range typed as the console shows times; the URL keeps ISO instants. A refused range stands beside its field. */
export function UsageFilterForm({ filters, error }: { filters: UsageFilters; error?: unknown }) {
  const t = useT(messages);
  const { submit, timeErrors } = useFilterForm(USAGE_FILTER_KEYS, ['from', 'to'], t('timeFormat', { format: TIME_INPUT_FORMAT }));
  const served = error instanceof ApiError ? (error.fields ?? {}) : {};
  const fieldError = (k: 'from' | 'to') => timeErrors[k] ?? served[k];
  return (
    <FilterForm label={t('filters')} values={filters} onSubmit={submit} className="grid-cols-1 sm:grid-cols-2 lg:grid-cols-5">
      <Field label={t('instanceId')}>
        <input id="f-instanceId" name="instanceId" defaultValue={filters.instanceId ?? ''} autoComplete="off" maxLength={64} translate="no" />
      </Field>
      <Field label={t('billingItem')}>
        <input id="f-billingItem" name="billingItem" defaultValue={filters.billingItem ?? ''} autoComplete="off" maxLength={64} translate="no" />
      </Field>
      {(['from', 'to'] as const).map((k) => (
        <Field key={k} id={`f-${k}`} label={t(k)}>
          {(control) => <TimeInput name={k} iso={filters[k]} error={fieldError(k)} className={control.className} />}
        </Field>
      ))}
      <FilterButtons apply={t('apply')} reset={{ href: '/usage', label: t('clear') }} className="flex flex-wrap items-end gap-2">
        <a href={usageExportUrl(filters)} download className={buttonClass('secondary')}>
          {t('export')}
        </a>
      </FilterButtons>
    </FilterForm>
  );
}
