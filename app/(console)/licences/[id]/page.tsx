import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { getDelivery } from '@/lib/licences/queries';
import { getRuntime } from '@/lib/runtime';
import { LicenceDetailView } from './LicenceDetailView';

export const dynamic = 'force-dynamic';

/** One licence delivery: what is licensed, for whom, the licence, the supervision steps and the actions. */
export default async function LicencePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser('viewer');
  const { id } = await params;
  const rt = await getRuntime();
  const d = await getDelivery(rt.pool, id);
  if (!d) notFound();
  return <LicenceDetailView initial={d} role={user.role} />;
}
