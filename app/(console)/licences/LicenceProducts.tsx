'use client';

import { useState } from 'react';
import { Badge, Button, Card, Field, FormMessage, useConfirm } from '@/components/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useMarkProduct } from '@/lib/client/hooks/licences';
import { formErrors } from '@/lib/client/fieldErrors';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/licences';
import type { LicenceProductRow } from '@/lib/licences/queries';

/** The products whose orders need a licence: marked (by whom), known from orders, or typed; admins mark and unmark. */
export function LicenceProducts({ rows, role }: { rows: LicenceProductRow[]; role: Role }) {
  const t = useT(messages);
  const confirm = useConfirm();
  const change = useMarkProduct();
  const isAdmin = hasRole(role, 'admin');
  const [typed, setTyped] = useState('');
  const [generation, setGeneration] = useState<'manual' | 'online'>('manual');
  const [needsDevice, setNeedsDevice] = useState(false);
  const [notice, setNotice] = useState<string>();
  // a refusal of the typed id stands beside the field; one of a listed product's button above the list's end
  const [fromForm, setFromForm] = useState(false);

  const run = (productId: string, mark: boolean, form = false) => {
    setNotice(undefined);
    setFromForm(form);
    change.mutate(
      form ? { productId, mark, generation, deviceFingerprintRequired: needsDevice } : { productId, mark },
      {
        onSuccess: (r) => {
          setNotice(mark ? t('products.markedNotice', { product: r.productId, n: r.queued ?? 0 }) : t('products.unmarkedNotice', { product: r.productId, n: r.removed ?? 0 }));
          if (form) setTyped('');
        },
      },
    );
  };
  const unmark = async (productId: string) => {
    const ok = await confirm({ title: t('products.unmarkTitle', { product: productId }), message: t('products.unmarkConfirm'), confirmLabel: t('products.unmark'), tone: 'danger' });
    if (ok) run(productId, false);
  };
  const errors = formErrors(change.error, fromForm ? (['productId'] as const) : []);

  return (
    <Card title={t('products.title')} description={t('products.intro')} className="mt-8">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('products.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label={t('products.title')}>
          {rows.map((p) => (
            <li key={p.productId} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
              <span translate="no" className="min-w-0 flex-1 basis-56">
                <span className="block break-all font-mono text-xs">{p.productId}</span>
                {p.productName && <span className="block text-xs text-slate-500">{p.productName}</span>}
              </span>
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                <Badge tone={p.marked ? 'success' : 'neutral'}>{p.marked ? t('products.marked') : t('products.notMarked')}</Badge>
                {p.marked && p.generation && <Badge tone="neutral">{t(`generation.${p.generation}` as 'generation.manual')}</Badge>}
                {p.marked && p.generation === 'online' && p.deviceFingerprintRequired && <span>{t('products.needsDevice')}</span>}
                {p.marked && p.markedBy && <span>{t('products.markedBy', { who: p.markedBy })}</span>}
                {p.deliveries > 0 && <span>{t('products.deliveries', { n: p.deliveries })}</span>}
              </span>
              {isAdmin &&
                (p.marked ? (
                  <Button disabled={change.isPending} onClick={() => unmark(p.productId)} aria-label={`${t('products.unmark')} ${p.productId}`}>
                    {t('products.unmark')}
                  </Button>
                ) : (
                  <Button disabled={change.isPending} onClick={() => run(p.productId, true)} aria-label={`${t('products.mark')} ${p.productId}`}>
                    {t('products.mark')}
                  </Button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {isAdmin ? (
        <form
          className="mt-4 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run(typed.trim(), true, true);
          }}
        >
          <Field label={t('products.id')} className="min-w-0 flex-1 basis-64" error={errors.fields.productId && <span role="alert">{errors.fields.productId}</span>}>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} required maxLength={64} placeholder="OFFI000000000000000001" translate="no" />
          </Field>
          <Field label={t('products.generation')} className="basis-40">
            <select value={generation} onChange={(e) => setGeneration(e.target.value === 'online' ? 'online' : 'manual')}>
              <option value="manual">{t('products.generationManual')}</option>
              <option value="online">{t('products.generationOnline')}</option>
            </select>
          </Field>
          {generation === 'online' && (
            <label className="flex items-center gap-2 pb-2 text-sm">
              <input type="checkbox" checked={needsDevice} onChange={(e) => setNeedsDevice(e.target.checked)} />
              {t('products.needsDevice')}
            </label>
          )}
          <Button type="submit" variant="primary" busy={change.isPending && fromForm}>
            {t('products.mark')}
          </Button>
        </form>
      ) : (
        <p className="mt-3 text-xs text-slate-500">{t('products.adminOnly')}</p>
      )}
      <FormMessage error={errors.message} notice={notice} className="mt-3" />
    </Card>
  );
}
