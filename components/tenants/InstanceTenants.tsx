import Link from 'next/link';
import { Card } from '@/components/ui';
import messages from '@/lib/i18n/messages/tenants';
import { getT } from '@/lib/i18n/server';
import { listTenants } from '@/lib/kit/queries';
import { tenantHref } from '@/lib/kit/tenantFilters';
import { getRuntime } from '@/lib/runtime';

/** On an instance's page: links to the kit tenants synced for it, when it has any. */
export async function InstanceTenants({ instanceId }: { instanceId: string }) {
  const [t, rt] = await Promise.all([getT(messages), getRuntime()]);
  const rows = await listTenants(rt.prisma, rt.pool, { instanceId });
  if (rows.length === 0) return null;
  return (
    <Card
      title={t('instance.link', { n: rows.length })}
      actions={
        <Link href={`/tenants?instanceId=${encodeURIComponent(instanceId)}`} className="text-sm text-red-700 underline-offset-2 hover:underline">
          {t('title')}
        </Link>
      }
    >
      <ul className="space-y-1 text-sm">
        {rows.map((r) => (
          <li key={r.tenantId} className="flex flex-wrap items-center gap-2">
            <Link href={tenantHref(r)} className="text-red-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
              {r.name ?? r.tenantId}
            </Link>
            <span translate="no" className="break-all font-mono text-xs text-slate-500">
              {r.tenantId}
            </span>
            <span className="text-xs text-slate-600">
              {t('col.users')}: {r.userCount} · {t('col.orgs')}: {r.orgCount}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
