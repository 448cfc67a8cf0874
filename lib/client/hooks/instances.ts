'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InstanceAction } from '../../instances/actions';
import { filtersToSearch, type InstanceFilters } from '../../instances/filters';
import type { InstanceDetail, InstancePage } from '../../instances/queries';
import type { InstanceStatus } from '../../instances/transitions';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';

const instancePath = (id: string) => `/api/console/instances/${encodeURIComponent(id)}`;

/** One page of the instance list for these filters; the previous page stays on screen while the next one loads. */
export function useInstances(filters: InstanceFilters, initial?: InstancePage) {
  const locale = useLocale();
  const search = filtersToSearch(filters);
  return useQuery({
    queryKey: queryKeys.instances.list(filters),
    queryFn: ({ signal }) => api<InstancePage>(search ? `/api/console/instances?${search}` : '/api/console/instances', { locale, signal }),
    initialData: initial,
    placeholderData: keepPreviousData,
  });
}

/** While the instance is provisioning or one of its jobs has not finished, it is followed every 2 s. */
function following(d: InstanceDetail | undefined): boolean {
  return d?.status === 'provisioning' || !!d?.jobs.some((j) => j.state !== 'completed' && j.state !== 'failed');
}

/** One instance with its customer, appInfo, jobs and timeline. */
export function useInstance(id: string, initial?: InstanceDetail) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.instances.detail(id),
    queryFn: ({ signal }) => api<InstanceDetail>(instancePath(id), { locale, signal }),
    initialData: initial,
    refetchInterval: (q) => (following(q.state.data) ? 2000 : false),
  });
}

/** Retry provisioning, freeze, unfreeze, release: the instance, its jobs and the attention queue refresh. */
export function useInstanceAction(id: string) {
  const locale = useLocale();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: InstanceAction) => api<{ status: InstanceStatus }>(`${instancePath(id)}/actions`, { json: { action }, locale }),
    onSuccess: () => Promise.all([queryKeys.instances.all, queryKeys.jobs.all].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}

/** The appInfo password (admins; every reveal is audited). It is kept in the mutation's result only, never cached. */
export function useRevealPassword(id: string) {
  const locale = useLocale();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ password: string }>(`${instancePath(id)}/password`, { method: 'POST', locale }),
    // the reveal is in the audit log, and so in the timeline
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.instances.detail(id) }),
  });
}
