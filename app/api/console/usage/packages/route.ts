import { consoleRoute } from '@/lib/console/route';
import { PackageSkuInput, savePackageSku } from '@/lib/usage/packages';
import { listPackageSkus } from '@/lib/usage/queries';

export const dynamic = 'force-dynamic';

/** The package SKUs seen on ON_DEMAND_PKG instances and any configured, with their quotas (or a prefill from the orders' linear value). */
export const GET = consoleRoute({ role: 'support' }, async ({ runtime }) => ({ skus: await listPackageSkus(runtime.prisma) }));

/** Sets one SKU's quotas per billing item and whether it stops at them (用完即停, spec §8.3). */
export const PUT = consoleRoute({ role: 'admin', body: PackageSkuInput, audit: 'usage.package.configure', target: () => null }, async ({ runtime, user, body, audit }) => {
  audit({ target: `${body.productId}/${body.skuCode}`, detail: { stopAtQuota: body.stopAtQuota, billingItems: body.quotas.map((q) => q.billingItem) } });
  return savePackageSku(runtime.prisma, user, body);
});
