import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { packageBalances } from '@/lib/usage/queries';

export const dynamic = 'force-dynamic';

const Query = z.object({ instanceId: z.string().trim().max(64).optional().transform((v) => v || undefined) });

/** Package instances with quota, used and remaining per billing item; for an instance, its own and its customer's packages. */
export const GET = consoleRoute({ role: 'viewer', query: Query }, async ({ runtime, query }) => ({ packages: await packageBalances(runtime.prisma, query) }));
