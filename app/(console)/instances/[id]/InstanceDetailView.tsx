'use client';

import type { ReactNode } from 'react';
import { AppInfoCard } from '@/components/instances/AppInfoCard';
import { InstanceActions } from '@/components/instances/InstanceActions';
import { CustomerCard, SubscriptionCard } from '@/components/instances/InstanceFacts';
import { JobBanner } from '@/components/instances/JobBanner';
import { Timeline } from '@/components/instances/Timeline';
import { StatusBadge, TestBadge } from '@/components/instances/ui';
import { Button, DetailHeader } from '@/components/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useInstance } from '@/lib/client/hooks/instances';
import type { InstanceDetail } from '@/lib/instances/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/instances';

/** One instance: the failing jobs' banner, the actions, what was bought and by whom, its appInfo and its timeline. */
export function InstanceDetailView({ initial, role, children }: { initial: InstanceDetail; role: Role; children?: ReactNode }) {
  const t = useT(messages);
  const { data, error, isFetching, refetch } = useInstance(initial.id, initial);
  const d = data ?? initial;

  return (
    <main className="space-y-6">
      <DetailHeader
        back={{ href: '/instances', label: t('back') }}
        title={<span translate="no">{d.id}</span>}
        titlePrefix={t('instanceSr').trim()}
        badges={
          <>
            <StatusBadge status={d.status} />
            <TestBadge test={d.testFlag} />
          </>
        }
        note={isFetching ? <span role="status">{t('refreshing')}</span> : undefined}
      >
        {error && (
          <p role="alert" className="mt-2 flex flex-wrap items-center gap-2 text-sm text-red-700">
            {t('couldNotRefresh', { error: error.message })}
            <Button size="sm" onClick={() => refetch()}>
              {t('retry')}
            </Button>
          </p>
        )}
      </DetailHeader>

      <JobBanner instanceId={d.id} canRetry={hasRole(role, 'support')} version={`${d.status} ${d.updatedAt} ${d.jobs.map((j) => j.state).join()}`} />

      <InstanceActions d={d} role={role} />

      <div className="grid gap-6 md:grid-cols-2">
        <SubscriptionCard d={d} />
        <CustomerCard customer={d.customer} />
        <AppInfoCard d={d} isAdmin={hasRole(role, 'admin')} />
      </div>

      <Timeline events={d.timeline} />
      {children}
    </main>
  );
}
