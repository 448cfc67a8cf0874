import { getCall } from '@/lib/calls/queries';
import { consoleRoute } from '@/lib/console/route';
import { refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls/:id: one call (already redacted when stored) with its jobs and instance. */
export const GET = consoleRoute<{ id: string }>(
  { role: 'viewer' },
  async ({ runtime, params: { id } }) => (await getCall(runtime.pool, id)) ?? refusal('notFound', 'calls.err.notFound', { id }),
);
