import { getCallView } from '@/lib/calls/queries';
import { consoleRoute } from '@/lib/console/route';
import { refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls/:id: one call (already redacted when stored) with its jobs, instance and re-invocations. */
export const GET = consoleRoute<{ id: string }>(
  { role: 'viewer' },
  async ({ runtime, params: { id } }) => (await getCallView(runtime, id)) ?? refusal('notFound', 'calls.err.notFound', { id }),
);
