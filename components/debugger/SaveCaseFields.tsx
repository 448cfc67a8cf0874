'use client';

import Link from 'next/link';
import { Button, Field } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { FormSection } from './TargetFields';
import type { DebuggerForm } from './useDebuggerForm';

/** Save the form as a test case (or update the case being edited). */
export function SaveCaseFields({ form, editing, saving, saved, onSave }: { form: DebuggerForm; editing: boolean; saving: boolean; saved?: string; onSave: () => void }) {
  const t = useT(messages);
  return (
    <FormSection legend={t('save.legend')} className="space-y-2">
      <Field id="dbg-name" label={t('save.name')} error={form.problem('name')}>
        <input value={form.name} maxLength={120} onChange={(e) => form.setName(e.target.value)} />
      </Field>
      <Button onClick={onSave} busy={saving} busyLabel={t('save.saving')}>
        {t(editing ? 'save.update' : 'save.save')}
      </Button>
      {saved && (
        <p role="status" className="text-emerald-800">
          {saved}{' '}
          <Link href="/debugger/cases" className="underline focus-visible:outline-2 focus-visible:outline-red-700">
            {t('tab.cases')}
          </Link>
        </p>
      )}
    </FormSection>
  );
}
