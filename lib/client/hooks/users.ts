'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../auth/roles';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';

/** A console user as GET /api/console/users answers it. */
export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
}

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  password: string;
}

export type UserChange = { role?: Role; disabled?: boolean; password?: string };

/** Every console user (admin), by e-mail. */
export function useUsers(options: { initial?: UserRow[] } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.users.list(),
    queryFn: async ({ signal }) => (await api<{ users: UserRow[] }>('/api/console/users', { locale, signal })).users,
    initialData: options.initial,
  });
}

function useRefreshUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.users.all });
}

/** Add a user (admin); the list refreshes. */
export function useCreateUser() {
  const locale = useLocale();
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: (user: NewUser) => api<{ user: UserRow }>('/api/console/users', { json: user, locale }),
    onSuccess: refresh,
  });
}

/** Change a user's role, disabled flag or password (admin); the list refreshes. */
export function useUpdateUser() {
  const locale = useLocale();
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ id, ...change }: UserChange & { id: string }) => api<{ ok: true }>(`/api/console/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: change, locale }),
    onSuccess: refresh,
  });
}
