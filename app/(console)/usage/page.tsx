import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/guard';
import messages from '@/lib/i18n/messages/usage';
import { getT } from '@/lib/i18n/server';
import { getRuntime } from '@/lib/runtime';
import { parseUsageFilters, UsageQuery, usageRange } from '@/lib/usage/filters';
import { listUsageFailures } from '@/lib/usage/attention';
import { listPackageSkus, packageBalances, usageHours } from '@/lib/usage/queries';
import { UsageView } from './UsageView';

export const dynamic = 'force-dynamic';

/**
 * Usage (issue 8, spec §8): hourly usage per instance and billing item against what the push made of it, packages,
 * the records the marketplace refused, and the package SKUs' quotas. The first paint is the server's; the hooks refresh.
 */
export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('viewer');
  const t = await getT(messages);
  const filters = parseUsageFilters(await searchParams);
  const rt = await getRuntime();
  // a filter the API would refuse is left to the view, which shows the refusal beside the form
  const valid = UsageQuery.safeParse(filters);
  const range = valid.success ? usageRange(valid.data, new Date()) : undefined;
  const [hours, packages, records, skus] = await Promise.all([
    valid.success && range && !('error' in range) ? usageHours(rt.pool, valid.data, range) : undefined,
    packageBalances(rt.prisma, { instanceId: filters.instanceId }),
    listUsageFailures(rt.pool, { instanceId: filters.instanceId }),
    hasRole(user.role, 'support') ? listPackageSkus(rt.prisma) : undefined,
  ]);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('intro')}</p>
      <UsageView initialFilters={filters} initial={{ hours, packages, records, skus }} role={user.role} />
    </main>
  );
}
