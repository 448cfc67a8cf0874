import Link from 'next/link';
import messages from '@/lib/i18n/messages/licences';
import { getT } from '@/lib/i18n/server';
import { deliveriesOfInstance } from '@/lib/licences/queries';
import { getRuntime } from '@/lib/runtime';
import { DeliveryStatusBadge } from './ui';

/** On an instance's page: links to its licence deliveries, when it has any. */
export async function InstanceLicences({ instanceId }: { instanceId: string }) {
  const [t, rt] = await Promise.all([getT(messages), getRuntime()]);
  const rows = await deliveriesOfInstance(rt.prisma, instanceId);
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="inst-lic-h" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="inst-lic-h" className="font-medium">
        {t('instance.title')}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2">
            <Link href={`/licences/${r.id}`} className="text-red-700 underline-offset-2 hover:underline focus:outline-2 focus:outline-red-700">
              #{r.id}
            </Link>
            <span className="text-slate-600">{t(`kind.${r.kind}` as 'kind.NEW')}</span>
            <span className="break-all text-xs text-slate-500">{r.orderId}</span>
            <DeliveryStatusBadge status={r.status} label={t(`status.${r.status}`)} />
          </li>
        ))}
      </ul>
    </section>
  );
}
