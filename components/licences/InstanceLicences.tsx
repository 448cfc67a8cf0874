import Link from 'next/link';
import { Card } from '@/components/ui';
import messages from '@/lib/i18n/messages/licences';
import { getT } from '@/lib/i18n/server';
import { deliveriesOfInstance } from '@/lib/licences/queries';
import { getRuntime } from '@/lib/runtime';
import { DeliveryStatusBadge, kindLabel } from './ui';

/** On an instance's page: links to its licence deliveries, when it has any. */
export async function InstanceLicences({ instanceId }: { instanceId: string }) {
  const [t, rt] = await Promise.all([getT(messages), getRuntime()]);
  const rows = await deliveriesOfInstance(rt.prisma, instanceId);
  if (rows.length === 0) return null;
  return (
    <Card title={t('instance.title')}>
      <ul className="space-y-1 text-sm">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2">
            <Link href={`/licences/${r.id}`} className="text-red-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
              #{r.id}
            </Link>
            <span className="text-slate-600">{kindLabel(t, r.kind)}</span>
            <span translate="no" className="break-all text-xs text-slate-500">
              {r.orderId}
            </span>
            <DeliveryStatusBadge status={r.status} label={t(`status.${r.status}`)} />
          </li>
        ))}
      </ul>
    </Card>
  );
}
