import { notFound } from 'next/navigation';
import { InstanceLicences } from '@/components/licences/InstanceLicences';
import { InstanceTenants } from '@/components/tenants/InstanceTenants';
import { InstanceUsage } from '@/components/usage/InstanceUsage';
import { requireUser } from '@/lib/auth/guard';
import { getInstanceDetail } from '@/lib/instances/queries';
import { getRuntime } from '@/lib/runtime';
import { InstanceDetailView } from './InstanceDetailView';

export const dynamic = 'force-dynamic';

/** One instance: what was bought, by whom, its appInfo, its lifecycle timeline, and the console's actions on it. */
export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const [user, { id }, rt] = await Promise.all([requireUser('viewer'), params, getRuntime()]);
  const detail = await getInstanceDetail(rt.prisma, id);
  if (!detail) notFound();
  return (
    <InstanceDetailView initial={detail} role={user.role}>
      <InstanceUsage instanceId={id} />
      <InstanceLicences instanceId={id} />
      <InstanceTenants instanceId={id} />
    </InstanceDetailView>
  );
}
