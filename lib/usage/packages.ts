import { z } from 'zod';
import type { ConsoleUser } from '../auth/users';
import type { PrismaClient } from '../db/client';
import { parseUsageValue, unitsToString } from './units';

/**
 * A package SKU's quotas (spec §8.3), set by the seller in the console: per billing item, and whether the package
 * stops at its quota (用完即停) or bills the excess as pay-per-use (按需套餐包). Read by the ingestion's deduction.
 */

export const MAX_QUOTAS = 50;

/** A quota: like a usage value (> 0, at most 4 decimals and 8 integer digits), as a number or a numeric string; → units. */
const Quota = z.union([z.string(), z.number()], { error: 'usage.err.quota' }).transform((v, ctx) => {
  const r = parseUsageValue(v);
  if ('error' in r) {
    ctx.addIssue({ code: 'custom', message: 'usage.err.quota' });
    return z.NEVER;
  }
  return r.units;
});

const Code = (error: 'usage.err.productId' | 'usage.err.skuCode' | 'usage.err.billingItem') => z.string({ error }).trim().min(1, { error }).max(64, { error });

/** PUT /api/console/usage/packages: one SKU's whole configuration (its quotas replace the ones it had). */
export const PackageSkuInput = z.object({
  productId: Code('usage.err.productId'),
  skuCode: Code('usage.err.skuCode'),
  stopAtQuota: z.boolean({ error: 'usage.err.stopAtQuota' }),
  quotas: z
    .array(z.object({ billingItem: Code('usage.err.billingItem'), quota: Quota }), { error: 'usage.err.quotas' })
    .min(1, { error: 'usage.err.quotas' })
    .max(MAX_QUOTAS, { error: 'usage.err.quotas' })
    .superRefine((qs, ctx) => {
      const seen = new Set<string>();
      qs.forEach((q, i) => {
        if (seen.has(q.billingItem)) ctx.addIssue({ code: 'custom', path: [i, 'billingItem'], message: 'usage.err.duplicate' });
        seen.add(q.billingItem);
      });
    }),
});
export type PackageSkuConfig = z.output<typeof PackageSkuInput>;

/** Saves a SKU's quotas in one transaction: the SKU row upserted, its quotas replaced. Audited by the route. */
export async function savePackageSku(prisma: PrismaClient, user: Pick<ConsoleUser, 'email'>, input: PackageSkuConfig) {
  const { productId, skuCode, stopAtQuota, quotas } = input;
  await prisma.$transaction([
    prisma.packageSku.upsert({
      where: { productId_skuCode: { productId, skuCode } },
      create: { productId, skuCode, stopAtQuota, updatedBy: user.email },
      update: { stopAtQuota, updatedBy: user.email },
    }),
    prisma.packageQuota.deleteMany({ where: { productId, skuCode } }),
    prisma.packageQuota.createMany({ data: quotas.map((q) => ({ productId, skuCode, billingItem: q.billingItem, quota: unitsToString(q.quota) })) }),
  ]);
  return { productId, skuCode, stopAtQuota, quotas: quotas.map((q) => ({ billingItem: q.billingItem, quota: unitsToString(q.quota) })) };
}
