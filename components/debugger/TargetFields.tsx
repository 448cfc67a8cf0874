'use client';

import type { ReactNode } from 'react';
import { CARD_CLASS, Field, cx } from '@/components/ui';
import type { DebuggerForm, EditingCase } from './useDebuggerForm';
import { interfaceTypeOf } from '@/lib/debugger/catalog';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';

/** The configured key's name per interface type (never the key). */
export type KeyLabels = { basic: string | null; general: string | null; license: string | null; kit: string | null; v1: string | null };

/** One part of the debugger's form: a card-like fieldset named by its legend. */
export function FormSection({ legend, className = 'space-y-3', children }: { legend: ReactNode; className?: string; children: ReactNode }) {
  return (
    <fieldset className={cx(CARD_CLASS, 'mt-6')}>
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      <div className={cx('text-sm', className)}>{children}</div>
    </fieldset>
  );
}

/** Where the call goes (this app's production URL or another) and the key it is signed with. */
export function TargetFields({ form, appUrl, keyLabels, editing }: { form: DebuggerForm; appUrl: string; keyLabels: KeyLabels; editing?: EditingCase }) {
  const t = useT(messages);
  const keyLabel = keyLabels[interfaceTypeOf(form.activity)];
  return (
    <FormSection legend={t('target.legend')}>
      <label className="flex items-start gap-2">
        <input type="radio" name="target" checked={form.mode === 'app'} onChange={() => form.setMode('app')} className="mt-1" />
        <span>
          {t('target.app')}
          <span translate="no" className="block break-all font-mono text-xs text-slate-600">
            {appUrl}
          </span>
        </span>
      </label>
      <label className="flex items-center gap-2">
        <input type="radio" name="target" checked={form.mode === 'other'} onChange={() => form.setMode('other')} />
        {t('target.other')}
      </label>
      {form.mode === 'other' && (
        <Field id="dbg-url" label={t('target.url')} hint={t('target.urlHint')} error={form.problem('url')}>
          {(c) => <input {...c} type="url" value={form.url} onChange={(e) => form.setUrl(e.target.value)} placeholder="https://" className={cx(c.className, 'font-mono')} />}
        </Field>
      )}
      <Field
        id="dbg-key"
        label={t('target.key')}
        hint={form.mode === 'other' ? t('target.keyHintOther') : t('target.keyHint', { label: keyLabel ?? t('target.keyNone') })}
        error={form.problem('key')}
      >
        {(c) => <input {...c} type="password" autoComplete="off" value={form.key} onChange={(e) => form.setKey(e.target.value)} className={cx(c.className, 'font-mono')} />}
      </Field>
      {editing?.keyFingerprint && (
        <div className="text-xs text-slate-600">
          <p>{t('target.keyStored', { fingerprint: editing.keyFingerprint })}</p>
          <label className="mt-1 flex items-center gap-2">
            <input type="checkbox" checked={form.forgetKey} onChange={(e) => form.setForgetKey(e.target.checked)} />
            {t('target.forgetKey')}
          </label>
        </div>
      )}
    </FormSection>
  );
}
