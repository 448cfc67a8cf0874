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

/** A picker of one filter: "all" (no filter) first, then each value in words. */
function Choice<V extends string>(props: { label: string; all: string; value: V | undefined; options: readonly V[]; word: (v: V) => string; onChange: (v: V | undefined) => void }) {
  return (
    <Field label={props.label}>
      <select value={props.value ?? ''} onChange={(e) => props.onChange((e.target.value || undefined) as V | undefined)}>
        <option value="">{props.all}</option>
        {props.options.map((v) => (
          <option key={v} value={v}>
            {props.word(v)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The instance list's search box and pickers; a picker applies at once, the search on Enter or Search. */
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
        <Choice label={t('status')} all={t('allStatuses')} value={filters.status} options={INSTANCE_STATUSES} word={(s) => t(`status.${s}`)} onChange={(status) => onApply({ status })} />
        <Choice
          label={t('chargingMode')}
          all={t('allChargingModes')}
          value={filters.chargingMode}
          options={CHARGING_MODES as readonly string[]}
          word={(m) => term(tt, 'chargingMode', m)}
          onChange={(chargingMode) => onApply({ chargingMode })}
        />
        <Choice
          label={t('testOrReal')}
          all={t('testAndReal')}
          value={filters.test}
          options={['real', 'test'] as const}
          word={(v) => t(v === 'real' ? 'realOnly' : 'testOnly')}
          onChange={(test) => onApply({ test })}
        />
      </div>
    </section>
  );
}
