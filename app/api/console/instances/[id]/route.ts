import { consoleRoute } from '@/lib/console/route';
import { getInstanceDetail } from '@/lib/instances/queries';
import { refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** GET /api/console/instances/:id — the instance with its customer, tenant, orders, jobs, calls and timeline. */
export const GET = consoleRoute<{ id: string }>(
  { role: 'viewer' },
  async ({ runtime, params: { id } }) => (await getInstanceDetail(runtime.prisma, id)) ?? refusal('notFound', 'instances.err.notFound', { id }),
);
