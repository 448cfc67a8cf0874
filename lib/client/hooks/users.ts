'use client';

import type { Role } from '../../auth/roles';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';
import { useApiMutation, useListQuery } from './shared';

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
  return useListQuery<UserRow>(queryKeys.users.list(), '/api/console/users', 'users', options.initial);
}

/** Add a user (admin); the list refreshes. */
export function useCreateUser() {
  return useApiMutation((user: NewUser, locale) => api<{ user: UserRow }>('/api/console/users', { json: user, locale }), queryKeys.users.all);
}

/** Change a user's role, disabled flag or password (admin); the list refreshes. */
export function useUpdateUser() {
  return useApiMutation(
    ({ id, ...change }: UserChange & { id: string }, locale) => api<{ ok: true }>(`/api/console/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: change, locale }),
    queryKeys.users.all,
  );
}
