import { requireUser } from '@/lib/auth/guard';
import { parseInstanceFilters } from '@/lib/instances/filters';
import { listInstances } from '@/lib/instances/queries';
import { getRuntime } from '@/lib/runtime';
import { InstancesView } from './InstancesView';
import { getT } from '@/lib/i18n/server';
import messages from '@/lib/i18n/messages/instances';

export const dynamic = 'force-dynamic';

/** Instances (issue 3): the first page is rendered here; filters, sorting and paging then refresh through react-query. */
export default async function InstancesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser('viewer');
  const filters = parseInstanceFilters(await searchParams);
  const rt = await getRuntime();
  const initial = await listInstances(rt.pool, filters);
  const t = await getT(messages);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('intro')}</p>
      <InstancesView initialFilters={filters} initialData={initial} />
    </main>
  );
}
