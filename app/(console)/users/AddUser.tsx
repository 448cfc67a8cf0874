'use client';

import { useState } from 'react';
import { Button, Card, Field, FormMessage } from '@/components/ui';
import type { Role } from '@/lib/auth/roles';
import { useCreateUser } from '@/lib/client/hooks/users';
import { formErrors } from '@/lib/client/fieldErrors';
import { useT } from '@/lib/i18n/client';
import common from '@/lib/i18n/messages/common';
import messages from '@/lib/i18n/messages/users';

/** The roles, most power first, as the role pickers offer them. */
const ROLE_CHOICES = ['admin', 'support', 'viewer'] as const satisfies readonly Role[];

/** A role picker's options, in the reader's words. */
export function RoleOptions() {
  const tc = useT(common);
  return ROLE_CHOICES.map((r) => (
    <option key={r} value={r}>
      {tc(`role.${r}`)}
    </option>
  ));
}

const announced = (text: string | undefined) => text && <span role="alert">{text}</span>;

/** Add a console user with a role and an initial password; the server's refusals stand beside their fields. */
export function AddUser() {
  const t = useT(messages);
  const create = useCreateUser();
  const [added, setAdded] = useState<string>();
  const errors = formErrors(create.error, ['email', 'name', 'role', 'password'] as const);
  return (
    <Card title={t('add')}>
      <form
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const text = (k: string) => String(f.get(k) ?? '');
          setAdded(undefined);
          create.mutate(
            { email: text('email'), name: text('name') || undefined, role: text('role') as Role, password: text('password') },
            {
              onSuccess: ({ user }) => {
                setAdded(t('added', { email: user.email }));
                form.reset();
              },
            },
          );
        }}
      >
        <Field label={t('email')} required error={announced(errors.fields.email)}>
          <input name="email" type="email" required autoComplete="off" />
        </Field>
        <Field label={t('name')} error={announced(errors.fields.name)}>
          <input name="name" maxLength={255} />
        </Field>
        <Field label={t('role')} error={announced(errors.fields.role)}>
          <select name="role" defaultValue="viewer">
            <RoleOptions />
          </select>
        </Field>
        <Field label={t('initialPassword')} required error={announced(errors.fields.password)}>
          <input name="password" type="password" required minLength={10} autoComplete="new-password" />
        </Field>
        <FormMessage error={errors.message} notice={added} className="sm:col-span-2" />
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" busy={create.isPending} busyLabel={t('adding')}>
            {t('addUser')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
