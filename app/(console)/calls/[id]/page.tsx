import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { getCallView } from '@/lib/calls/queries';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/calls';
import { getRuntime } from '@/lib/runtime';
import { CallDetail } from './CallDetail';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const t = await getT(messages);
  return { title: t('metaCall', { id: (await params).id }) };
}

/** One call: what came in and what went out, formatted, with its signature verdict, instance, jobs and re-invocations. */
export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser('viewer');
  const { id } = await params;
  const call = await getCallView(await getRuntime(), id, { maskPersonal: !hasRole(user.role, 'support') });
  if (!call) notFound();
  return (
    <main>
      <CallDetail initial={call} canSupport={hasRole(user.role, 'support')} />
    </main>
  );
}
