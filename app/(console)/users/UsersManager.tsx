'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, Button, DataTable, errorMessageOf, INPUT_CLASS, StatePanel, type Column } from '@/components/ui';
import type { Role } from '@/lib/auth/roles';
import { useUpdateUser, useUsers, type UserRow } from '@/lib/client/hooks/users';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/users';
import { AddUser, RoleOptions } from './AddUser';
import { PasswordDialog } from './PasswordDialog';

/** The console's users (admins): role, last sign-in, enabled or not; a new password set in a dialog; a form to add one. */
export function UsersManager({ initial, meId }: { initial: UserRow[]; meId: string }) {
  const t = useT(messages);
  const users = useUsers({ initial });
  const update = useUpdateUser();
  const [notice, setNotice] = useState<string>();
  const [passwordOf, setPasswordOf] = useState<UserRow>();

  const change = (u: UserRow, c: { role?: Role; disabled?: boolean }) => {
    setNotice(undefined);
    update.mutate({ id: u.id, ...c });
  };
  const columns: Column<UserRow>[] = [
    {
      key: 'email',
      header: t('col.email'),
      cell: (u) => (
        <span translate="no" className="break-all">
          {u.email}
          {u.name && <span className="block text-xs text-slate-500">{u.name}</span>}
        </span>
      ),
    },
    {
      key: 'role',
      header: t('col.role'),
      className: 'sm:w-40',
      cell: (u) => (
        <select aria-label={t('roleOf', { email: u.email })} value={u.role} disabled={update.isPending} onChange={(e) => change(u, { role: e.target.value as Role })} className={INPUT_CLASS}>
          <RoleOptions />
        </select>
      ),
    },
    { key: 'lastSignIn', header: t('col.lastSignIn'), cell: (u) => (u.lastLoginAt ? <LocalTime iso={u.lastLoginAt} /> : t('never')) },
    { key: 'status', header: t('col.status'), cell: (u) => <Badge tone={u.disabled ? 'danger' : 'success'}>{u.disabled ? t('disabled') : t('active')}</Badge> },
    {
      key: 'actions',
      header: <span className="sr-only">{t('col.actions')}</span>,
      label: t('col.actions'),
      className: 'sm:text-right',
      cell: (u) => (
        <span className="inline-flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setPasswordOf(u)}>
            {t('setPassword')}
          </Button>
          {u.id !== meId && (
            <Button size="sm" onClick={() => change(u, { disabled: !u.disabled })}>
              {u.disabled ? t('enable') : t('disable')}
            </Button>
          )}
        </span>
      ),
    },
  ];

  return (
    <div className="mt-6 space-y-6">
      <section aria-label={t('users')} className="space-y-3">
        {users.isError && <StatePanel state="error" errorMessage={t('couldNotLoad', { error: errorMessageOf(users.error, '') })} onRetry={() => void users.refetch()} />}
        {update.error && (
          <p role="alert" className="rounded border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
            {update.error.message}
          </p>
        )}
        {notice && (
          <p role="status" className="rounded border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
            {notice}
          </p>
        )}
        <DataTable caption={t('users')} columns={columns} rows={users.data ?? []} rowKey={(u) => u.id} />
      </section>
      {passwordOf && (
        <PasswordDialog
          user={passwordOf}
          onClose={() => setPasswordOf(undefined)}
          onDone={(email) => {
            setPasswordOf(undefined);
            setNotice(t('passwordChanged', { email }));
          }}
        />
      )}
      <AddUser />
    </div>
  );
}
