import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { getDelivery } from '@/lib/licences/queries';
import { getRuntime } from '@/lib/runtime';
import { LicenceDetailView } from './LicenceDetailView';

export const dynamic = 'force-dynamic';

/** One licence delivery: what is licensed, for whom, the licence, the supervision steps and the actions. */
export default async function LicencePage({ params }: { params: Promise<{ id: string }> }) {
  const [user, { id }, rt] = await Promise.all([requireUser('viewer'), params, getRuntime()]);
  const delivery = await getDelivery(rt.pool, id, { maskCodes: !hasRole(user.role, 'support') });
  return delivery ? <LicenceDetailView initial={delivery} role={user.role} /> : notFound();
}
