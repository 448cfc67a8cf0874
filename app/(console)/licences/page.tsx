import { requireUser } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import messages from '@/lib/i18n/messages/licences';
import { getT } from '@/lib/i18n/server';
import { syncLicenceQueue } from '@/lib/licences/actions';
import { listDeliveries, listLicenceProducts, parseDeliveryFilters } from '@/lib/licences/queries';
import { getRuntime } from '@/lib/runtime';
import { LicencesView } from './LicencesView';

export const dynamic = 'force-dynamic';

/** The licence delivery queue (spec §9.4) and the products marked as licence products. */
export default async function LicencesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('viewer');
  const t = await getT(messages);
  const filters = parseDeliveryFilters(await searchParams);
  const rt = await getRuntime();
  await syncLicenceQueue(rt.pool);
  const [page, products] = await Promise.all([listDeliveries(rt.pool, filters, { maskCodes: !hasRole(user.role, 'support') }), listLicenceProducts(rt.pool)]);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('intro')}</p>
      <LicencesView initialFilters={filters} initialPage={page} initialProducts={products} role={user.role} />
    </main>
  );
}
