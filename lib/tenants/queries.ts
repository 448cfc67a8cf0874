import type { PrismaClient } from '../db/client';

/** A tenant with its instance, for the tenant's own page. */
export async function findTenant(prisma: PrismaClient, tenantId: string) {
  return prisma.tenant.findUnique({
    where: { id: tenantId },
    include: { instance: { select: { id: true, status: true, productId: true, skuCode: true, linearValue: true, expireTime: true, chargingMode: true, testFlag: true } } },
  });
}
