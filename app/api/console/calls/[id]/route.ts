import { hasRole } from '@/lib/auth/roles';
import { getCallView } from '@/lib/calls/queries';
import { consoleRoute } from '@/lib/console/route';
import { refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls/:id: one call (secrets redacted when stored; a buyer's e-mail and mobile masked for viewers) with its jobs, instance and re-invocations. */
export const GET = consoleRoute<{ id: string }>(
  { role: 'viewer' },
  async ({ runtime, user, params: { id } }) =>
    (await getCallView(runtime, id, { maskPersonal: !hasRole(user.role, 'support') })) ?? refusal('notFound', 'calls.err.notFound', { id }),
);
