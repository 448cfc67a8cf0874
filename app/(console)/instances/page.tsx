import { requireUser } from '@/lib/auth/guard';
import { parseInstanceFilters } from '@/lib/instances/filters';
import { listInstances } from '@/lib/instances/queries';
import { getRuntime } from '@/lib/runtime';
import { InstancesView } from './InstancesView';

export const dynamic = 'force-dynamic';

/** Instances (issue 3): the first page is rendered here; filters, sorting and paging then refresh through react-query. */
export default async function InstancesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser('viewer');
  const filters = parseInstanceFilters(await searchParams);
  const rt = await getRuntime();
  const initial = await listInstances(rt.pool, filters);
  return (
    <main>
      <h1 className="text-2xl font-semibold">Instances</h1>
      <p className="mt-1 text-slate-600">Everything bought through the marketplace: search, filter, open one to act on it.</p>
      <InstancesView initialFilters={filters} initialData={initial} />
    </main>
  );
}
