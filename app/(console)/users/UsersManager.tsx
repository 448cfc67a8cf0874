'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '@/lib/queryKeys';

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
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((body as { error?: string }).error ?? `HTTP ${res.status}`);
  return body as T;
}

const ROLES = ['admin', 'support', 'viewer'] as const;

export function UsersManager({ initial, meId }: { initial: User[]; meId: string }) {
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: queryKeys.users.all,
    queryFn: () => api<{ users: User[] }>('/api/console/users').then((r) => r.users),
    initialData: initial,
  });
  const [formError, setFormError] = useState<string>();
  const [rowError, setRowError] = useState<string>();
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => api('/api/console/users', { method: 'POST', body: JSON.stringify(body) }),
    onSuccess: () => {
      setFormError(undefined);
      void qc.invalidateQueries({ queryKey: queryKeys.users.all });
    },
    onError: (e: Error) => setFormError(e.message),
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string } & Record<string, unknown>) =>
      api(`/api/console/users/${id}`, { method: 'PATCH', body: JSON.stringify(body) }),
    onSuccess: () => {
      setRowError(undefined);
      void qc.invalidateQueries({ queryKey: queryKeys.users.all });
    },
    onError: (e: Error) => setRowError(e.message),
  });

  return (
    <div className="mt-6 space-y-6">
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Users">
        {rowError && (
          <p role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
            {rowError}
          </p>
        )}
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">E-mail</th>
              <th className="px-4 py-2 font-medium">Role</th>
              <th className="px-4 py-2 font-medium">Last sign-in</th>
              <th className="px-4 py-2 font-medium">Status</th>
              <th className="px-4 py-2 font-medium">
                <span className="sr-only">Actions</span>
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
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, role: e.target.value })}
                    className="rounded border border-slate-300 px-2 py-1"
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-2 text-slate-600">{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : 'never'}</td>
                <td className="px-4 py-2">{u.disabled ? <span className="text-red-700">disabled</span> : 'active'}</td>
                <td className="space-x-2 whitespace-nowrap px-4 py-2 text-right">
                  <button
                    type="button"
                    onClick={() => {
                      const password = window.prompt(`New password for ${u.email} (at least 10 characters)`);
                      if (password) update.mutate({ id: u.id, password });
                    }}
                    className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
                  >
                    Set password…
                  </button>
                  {u.id !== meId && (
                    <button
                      type="button"
                      onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}
                      className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-label="Add a user">
        <h2 className="font-medium">Add a user</h2>
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
            <span className="text-sm font-medium">E-mail</span>
            <input name="email" type="email" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block">
            <span className="text-sm font-medium">Name</span>
            <input name="name" className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block">
            <span className="text-sm font-medium">Role</span>
            <select name="role" defaultValue="viewer" className="mt-1 w-full rounded border border-slate-300 px-3 py-2">
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="text-sm font-medium">Initial password (at least 10 characters)</span>
            <input name="password" type="password" required minLength={10} autoComplete="new-password" className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          {formError && (
            <p role="alert" className="text-sm text-red-700 sm:col-span-2">
              {formError}
            </p>
          )}
          <div className="sm:col-span-2">
            <button type="submit" disabled={create.isPending} className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60">
              {create.isPending ? 'Adding…' : 'Add user'}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
