'use client';

import { useState } from 'react';
import { ConfirmDialog, Field } from '@/components/ui';
import { useUpdateUser, type UserRow } from '@/lib/client/hooks/users';
import { formErrors } from '@/lib/client/fieldErrors';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/users';

/** A new password for a user, typed in a dialog (not the browser's prompt); it stays open with the reason when refused. */
export function PasswordDialog({ user, onDone, onClose }: { user: UserRow; onDone: (email: string) => void; onClose: () => void }) {
  const t = useT(messages);
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const errors = formErrors(update.error, ['password'] as const);
  const submit = () => update.mutate({ id: user.id, password }, { onSuccess: () => onDone(user.email) });
  return (
    <ConfirmDialog
      open
      title={t('password.title', { email: user.email })}
      confirmLabel={t('password.submit')}
      busy={update.isPending}
      error={errors.message}
      onConfirm={submit}
      onCancel={onClose}
    >
      <Field label={t('password.label')} className="mt-4" required error={errors.fields.password && <span role="alert">{errors.fields.password}</span>}>
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submit();
          }}
        />
      </Field>
    </ConfirmDialog>
  );
}
