'use client';

import { Button, CARD_CLASS, Field } from '@/components/ui';
import { CHARGING_MODES, INSTANCE_STATUSES, type InstanceFilters as Filters } from '@/lib/instances/filters';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/instances';
import terms, { term } from '@/lib/i18n/messages/terms';

export interface InstanceFiltersProps {
  filters: Filters;
  /** what is typed in the search box (it counts only once applied) */
  q: string;
  onQ: (q: string) => void;
  onApply: (change: Partial<Filters>) => void;
}

/** The instance list's search box and pickers; every change applies at once (the search on Enter or Search). */
export function InstanceFilters({ filters, q, onQ, onApply }: InstanceFiltersProps) {
  const t = useT(messages);
  const tt = useT(terms);
  return (
    <section aria-label={t('filters')} className={CARD_CLASS}>
        <form
          role="search"
          aria-label={t('searchLabel')}
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            onApply({ q: q.trim() || undefined });
          }}
        >
          <Field label={t('search')} className="min-w-0 flex-1 basis-64">
            <input type="search" value={q} onChange={(e) => onQ(e.target.value)} placeholder={t('searchPlaceholder')} />
          </Field>
          <Button type="submit" variant="primary">
            {t('search')}
          </Button>
        </form>
        <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Field label={t('status')}>
            <select value={filters.status ?? ''} onChange={(e) => onApply({ status: (e.target.value || undefined) as Filters['status'] })}>
              <option value="">{t('allStatuses')}</option>
              {INSTANCE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('chargingMode')}>
            <select value={filters.chargingMode ?? ''} onChange={(e) => onApply({ chargingMode: e.target.value || undefined })}>
              <option value="">{t('allChargingModes')}</option>
              {CHARGING_MODES.map((m) => (
                <option key={m} value={m}>
                  {term(tt, 'chargingMode', m)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('testOrReal')}>
            <select value={filters.test ?? ''} onChange={(e) => onApply({ test: (e.target.value || undefined) as Filters['test'] })}>
              <option value="">{t('testAndReal')}</option>
              <option value="real">{t('realOnly')}</option>
              <option value="test">{t('testOnly')}</option>
            </select>
          </Field>
        </div>
    </section>
  );
}
