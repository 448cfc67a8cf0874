import { hasRole } from '@/lib/auth/roles';
import { consoleRoute } from '@/lib/console/route';
import { getDelivery } from '@/lib/licences/queries';
import { refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** GET /api/console/licences/:id — one delivery with its licences (never their content), its codes (masked for viewers) and its timeline. */
export const GET = consoleRoute<{ id: string }>(
  { role: 'viewer' },
  async ({ runtime, user, params: { id } }) => (await getDelivery(runtime.pool, id, { maskCodes: !hasRole(user.role, 'support') })) ?? refusal('notFound', 'licences.err.deliveryNotFound', { id }),
);
