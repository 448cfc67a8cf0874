'use client';

import { useQuery } from '@tanstack/react-query';
import type { ChannelKind } from '../../alerts/kinds';
import type { AlertRow, ChannelRow, RuleRow } from '../../alerts/queries';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';
import { useApiMutation } from './shared';

export type { AlertRow, ChannelRow, RuleRow };

/** The alerts (open, or open and resolved in the last 7 days), refreshed every 10 s: they open and resolve by themselves. */
export function useAlerts(state: 'open' | 'all', options: { initial?: { now: string; alerts: AlertRow[] } } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.alerts.list(state),
    queryFn: ({ signal }) => api<{ now: string; alerts: AlertRow[] }>(`/api/console/alerts?state=${state}`, { locale, signal }),
    initialData: options.initial,
    refetchInterval: 10_000,
  });
}

export interface AlertSettings {
  rules: RuleRow[];
  channels: ChannelRow[];
  email: { configured: boolean; from: string };
}

/** Settings → Alerts (admins); refreshed every 3 s while a channel's latest message is on its way. */
export function useAlertSettings() {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.alerts.settings(),
    queryFn: ({ signal }) => api<AlertSettings>('/api/console/alerts/settings', { locale, signal }),
    refetchInterval: (q) => (q.state.data?.channels.some((c) => c.lastDelivery && c.lastDelivery.state !== 'sent') ? 3_000 : false),
  });
}

export function useAcknowledgeAlert() {
  return useApiMutation((id: string, locale) => api<{ acknowledgedAt: string }>(`/api/console/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', locale }), queryKeys.alerts.all);
}

export function useSetRule() {
  return useApiMutation(
    (input: { rule: string; enabled: boolean; threshold: number }, locale) =>
      api<RuleRow>(`/api/console/alerts/rules/${encodeURIComponent(input.rule)}`, { method: 'PUT', json: { enabled: input.enabled, threshold: input.threshold }, locale }),
    queryKeys.alerts.all,
  );
}

export interface NewChannel {
  name: string;
  kind: ChannelKind;
  url?: string;
  secret?: string;
  recipients?: string[];
  locale?: 'en' | 'zh';
}

export function useCreateChannel() {
  return useApiMutation((input: NewChannel, locale) => api<{ id: string }>('/api/console/alerts/channels', { json: input, locale }), queryKeys.alerts.all);
}

export function useDeleteChannel() {
  return useApiMutation((id: string, locale) => api<{ deleted: true }>(`/api/console/alerts/channels/${encodeURIComponent(id)}`, { method: 'DELETE', locale }), queryKeys.alerts.all);
}

export function useTestChannel() {
  return useApiMutation((id: string, locale) => api<{ deliveryId: string }>(`/api/console/alerts/channels/${encodeURIComponent(id)}/test`, { method: 'POST', locale }), queryKeys.alerts.all);
}
