'use client';

import { useState } from 'react';
import { Button, CopyButton, Field, FormMessage } from '@/components/ui';
import type { ApiScope } from '@/lib/apikeys/scopes';
import { useCreateApiKey } from '@/lib/client/hooks/apikeys';
import { formErrors } from '@/lib/client/fieldErrors';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/apikeys';

const announced = (text: string | undefined) => text && <span role="alert">{text}</span>;

/** Create an API key: a name and its scopes; the new key is shown once, with a copy button, until the next one. */
export function NewApiKey({ scopes }: { scopes: readonly ApiScope[] }) {
  const t = useT(messages);
  const create = useCreateApiKey();
  const [shown, setShown] = useState<{ name: string; key: string }>();
  const errors = formErrors(create.error, ['name', 'scopes'] as const);
  return (
    <form
      aria-label={t('create')}
      className="space-y-4 border-t border-slate-200 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const name = String(f.get('name') ?? '');
        setShown(undefined);
        create.mutate(
          { name, scopes: f.getAll('scopes').map(String) as ApiScope[] },
          {
            onSuccess: ({ key }) => {
              setShown({ name: name.trim(), key });
              form.reset();
            },
          },
        );
      }}
    >
      <h3 className="font-medium">{t('create')}</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('name')} required error={announced(errors.fields.name)}>
          <input name="name" required maxLength={100} autoComplete="off" />
        </Field>
        <fieldset className="space-y-1 text-sm">
          <legend className="mb-1 font-medium">{t('scopes')}</legend>
          {/* least privilege: only the first scope (usage:write) is ticked to begin with; the others are chosen */}
          {scopes.map((s) => (
            <label key={s} className="flex items-center gap-2">
              <input type="checkbox" name="scopes" value={s} defaultChecked={s === scopes[0]} />
              <span translate="no">{t(`scope.${s}`)}</span>
            </label>
          ))}
          {announced(errors.fields.scopes)}
        </fieldset>
      </div>
      <FormMessage error={errors.message} notice={shown && t('created', { name: shown.name })} />
      {shown && (
        <div className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-api-key">
          <p className="font-medium text-amber-900">{t('shownOnce')}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code aria-label={t('newKey')} className="break-all rounded bg-white px-2 py-1" translate="no">
              {shown.key}
            </code>
            <CopyButton text={shown.key} label={t('copyKey')} size="sm" />
          </div>
        </div>
      )}
      <Button type="submit" variant="primary" busy={create.isPending} busyLabel={t('creating')}>
        {t('createKey')}
      </Button>
    </form>
  );
}
