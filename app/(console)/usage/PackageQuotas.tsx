'use client';

import { useState } from 'react';
import { Badge, Button, Card, Field, FormMessage, StatePanel, type QueryLike } from '@/components/ui';
import { formErrors } from '@/lib/client/fieldErrors';
import { useSavePackageSku } from '@/lib/client/hooks/usageViews';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/usage';
import type { PackageSkuRow } from '@/lib/usage/queries';
import { TimeIn } from '@/components/LocalTime';

/** The package SKUs' quotas per billing item and 用完即停 (spec §8.3): support reads them, admins set them. */
export function PackageQuotas({ query, isAdmin }: { query: QueryLike<PackageSkuRow[]>; isAdmin: boolean }) {
  const t = useT(messages);
  return (
    <Card title={t('skus.title')} description={t('skus.intro')} data-testid="package-quotas">
      <StatePanel query={query} empty={t('skus.empty')}>
        {(skus: PackageSkuRow[]) => (
          <ul className="divide-y divide-slate-100">
            {skus.map((s) => (
              <li key={`${s.productId}\n${s.skuCode}`} className="py-4 first:pt-0">
                <SkuForm sku={s} isAdmin={isAdmin} />
              </li>
            ))}
          </ul>
        )}
      </StatePanel>
      {!isAdmin && <p className="mt-3 text-xs text-slate-500">{t('skus.adminOnly')}</p>}
    </Card>
  );
}

type Line = { billingItem: string; quota: string };

function initialLines(s: PackageSkuRow): Line[] {
  if (s.configured && s.quotas.length) return s.quotas;
  const quota = s.prefill.quota ?? '';
  return s.prefill.billingItems.length ? s.prefill.billingItems.map((billingItem) => ({ billingItem, quota })) : [{ billingItem: '', quota }];
}

function SkuForm({ sku, isAdmin }: { sku: PackageSkuRow; isAdmin: boolean }) {
  const t = useT(messages);
  const save = useSavePackageSku();
  const [lines, setLines] = useState<Line[]>(() => initialLines(sku));
  const [stop, setStop] = useState(sku.stopAtQuota);
  const [notice, setNotice] = useState<string>();
  const name = `${sku.productId} / ${sku.skuCode}`;
  const fieldNames = lines.flatMap((_, i) => [`quotas.${i}.billingItem`, `quotas.${i}.quota`]);
  const errors = formErrors(save.error, fieldNames);
  const set = (i: number, patch: Partial<Line>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  return (
    <form
      aria-label={name}
      onSubmit={(e) => {
        e.preventDefault();
        setNotice(undefined);
        save.mutate(
          { productId: sku.productId, skuCode: sku.skuCode, stopAtQuota: stop, quotas: lines.map((l) => ({ billingItem: l.billingItem.trim(), quota: l.quota.trim() })) },
          { onSuccess: () => setNotice(t('skus.saved', { sku: name })) },
        );
      }}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span translate="no" className="min-w-0 break-all font-mono text-xs font-medium">
          {name}
        </span>
        <Badge tone={sku.configured ? 'success' : 'warning'}>{sku.configured ? t('skus.configured') : t('skus.unconfigured')}</Badge>
        {sku.stopAtQuota && <Badge tone="warning">{t('pkg.stop')}</Badge>}
        <span className="text-xs text-slate-500">{t('skus.instances', { n: sku.instances })}</span>
      </div>
      {!sku.configured && sku.prefill.quota && <p className="mt-1 text-xs text-slate-600">{t('skus.prefilled', { value: sku.prefill.quota })}</p>}
      {sku.configured && sku.updatedBy && sku.updatedAt && (
        <p className="mt-1 text-xs text-slate-500">
          <TimeIn text={(at) => t('skus.updated', { who: sku.updatedBy!, at })} iso={sku.updatedAt} />
        </p>
      )}
      <fieldset disabled={!isAdmin || save.isPending} className="mt-3 space-y-2">
        <legend className="sr-only">{name}</legend>
        {lines.map((l, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2" data-testid="quota-line">
            <Field label={t('billingItem')} className="min-w-0 flex-1 basis-48" error={errors.fields[`quotas.${i}.billingItem`]}>
              <input value={l.billingItem} onChange={(e) => set(i, { billingItem: e.target.value })} maxLength={64} required translate="no" autoComplete="off" />
            </Field>
            <Field label={t('skus.quota')} className="w-40" error={errors.fields[`quotas.${i}.quota`]}>
              <input value={l.quota} onChange={(e) => set(i, { quota: e.target.value })} inputMode="decimal" required autoComplete="off" />
            </Field>
            {isAdmin && lines.length > 1 && (
              <Button onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))} aria-label={t('skus.removeItem', { n: i + 1 })}>
                {t('skus.remove')}
              </Button>
            )}
          </div>
        ))}
        <label className="flex items-start gap-2 pt-1 text-sm">
          <input type="checkbox" checked={stop} onChange={(e) => setStop(e.target.checked)} className="mt-0.5" />
          <span>{t('skus.stopAtQuota')}</span>
        </label>
      </fieldset>
      {isAdmin && (
        <div className="mt-3 flex flex-wrap gap-2">
          <Button disabled={lines.length >= 50 || save.isPending} onClick={() => setLines((ls) => [...ls, { billingItem: '', quota: '' }])}>
            {t('skus.addItem')}
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            {t('skus.save')}
          </Button>
        </div>
      )}
      <FormMessage error={errors.message} notice={notice} className="mt-2" />
    </form>
  );
}
