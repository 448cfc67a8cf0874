'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '@/lib/queryKeys';
import { LocalTime } from '@/components/LocalTime';
import { errorOf } from '@/lib/client/api';
import { useT } from '@/lib/i18n/client';
import common from '@/lib/i18n/messages/common';
import messages from '@/lib/i18n/messages/users';

interface User {
  id: string;
  email: string;
  name: string | null;
  role: 'admin' | 'support' | 'viewer';
  disabled: boolean;
  lastLoginAt: string | null;
}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

const ROLES = ['admin', 'support', 'viewer'] as const;

export function UsersManager({ initial, meId }: { initial: User[]; meId: string }) {
  const qc = useQueryClient();
  const t = useT(messages);
  const tc = useT(common);
  const users = useQuery({
    queryKey: queryKeys.users.all,
    queryFn: () => api<{ users: User[] }>('/api/console/users').then((r) => r.users),
    initialData: initial,
  });
  const [formError, setFormError] = useState<string>();
  const [rowError, setRowError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [added, setAdded] = useState<string>();
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => api('/api/console/users', { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: (_r, body) => {
      setFormError(undefined);
      setAdded(t('added', { email: body.email?.trim().toLowerCase() }));
      void qc.invalidateQueries({ queryKey: queryKeys.users.all });
    },
    onError: (e: Error) => {
      setAdded(undefined);
      setFormError(e.message);
    },
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string } & Record<string, unknown>) =>
      api(`/api/console/users/${id}`, { method: 'PATCH', body: JSON.stringify(body) }),
    onSuccess: (_r, { id, password }) => {
      setRowError(undefined);
      setNotice(password ? t('passwordChanged', { email: users.data.find((u) => u.id === id)?.email }) : undefined);
      void qc.invalidateQueries({ queryKey: queryKeys.users.all });
    },
    onError: (e: Error) => setRowError(e.message),
  });

  return (
    <div className="mt-6 space-y-6">
      <section className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t('users')}>
        {users.isError && (
          <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
            {t('couldNotLoad', { error: users.error.message })}
            <button type="button" onClick={() => users.refetch()} className="rounded border border-red-300 bg-white px-2 py-1 hover:bg-red-100">
              {t('retry')}
            </button>
          </div>
        )}
        {rowError && (
          <p role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
            {rowError}
          </p>
        )}
        {notice && (
          <p role="status" className="border-b border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
            {notice}
          </p>
        )}
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t('col.email')}</th>
              <th className="px-4 py-2 font-medium">{t('col.role')}</th>
              <th className="px-4 py-2 font-medium">{t('col.lastSignIn')}</th>
              <th className="px-4 py-2 font-medium">{t('col.status')}</th>
              <th className="px-4 py-2 font-medium">
                <span className="sr-only">{t('col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id} className="border-t border-slate-100">
                <td className="px-4 py-2">
                  {u.email}
                  {u.name && <span className="block text-xs text-slate-500">{u.name}</span>}
                </td>
                <td className="px-4 py-2">
                  <select
                    aria-label={t('roleOf', { email: u.email })}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, role: e.target.value })}
                    className="rounded border border-slate-300 px-2 py-1"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {tc(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-2 text-slate-600">{u.lastLoginAt ? <LocalTime iso={u.lastLoginAt} /> : t('never')}</td>
                <td className="px-4 py-2">{u.disabled ? <span className="text-red-700">{t('disabled')}</span> : t('active')}</td>
                <td className="space-x-2 whitespace-nowrap px-4 py-2 text-right">
                  <button
                    type="button"
                    onClick={() => {
                      const password = window.prompt(t('newPassword', { email: u.email }));
                      if (password) update.mutate({ id: u.id, password });
                    }}
                    className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
                  >
                    {t('setPassword')}
                  </button>
                  {u.id !== meId && (
                    <button
                      type="button"
                      onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}
                      className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
                    >
                      {u.disabled ? t('enable') : t('disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label={t('add')}>
        <h2 className="font-medium">{t('add')}</h2>
        <form
          className="mt-4 grid gap-4 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate(Object.fromEntries([...f.entries()].map(([k, v]) => [k, String(v)])), {
              onSuccess: () => (e.target as HTMLFormElement).reset(),
            });
          }}
        >
          <label className="block">
            <span className="text-sm font-medium">{t('email')}</span>
            <input name="email" type="email" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block">
            <span className="text-sm font-medium">{t('name')}</span>
            <input name="name" className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block">
            <span className="text-sm font-medium">{t('role')}</span>
            <select name="role" defaultValue="viewer" className="mt-1 w-full rounded border border-slate-300 px-3 py-2">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {tc(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="text-sm font-medium">{t('initialPassword')}</span>
            <input name="password" type="password" required minLength={10} autoComplete="new-password" className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          {formError && (
            <p role="alert" className="text-sm text-red-700 sm:col-span-2">
              {formError}
            </p>
          )}
          {added && !formError && (
            <p role="status" className="text-sm text-emerald-800 sm:col-span-2">
              {added}
            </p>
          )}
          <div className="sm:col-span-2">
            <button type="submit" disabled={create.isPending} className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60">
              {create.isPending ? t('adding') : t('addUser')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
