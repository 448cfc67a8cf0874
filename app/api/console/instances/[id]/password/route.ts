import { consoleRoute } from '@/lib/console/route';
import { ACTION_ROLE, revealPassword } from '@/lib/instances/actions';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** POST /api/console/instances/:id/password — the appInfo password, admins only; every attempt is audited. */
export const POST = consoleRoute<{ id: string }>(
  { role: ACTION_ROLE.revealPassword, audit: 'instance.revealPassword', recordedBy: 'domain' },
  async ({ runtime, user, params }) => {
    const r = await revealPassword(runtime.pool, runtime.secrets.encryptionKey, user, params.id);
    return isRefusal(r) ? r : Response.json(r, { headers: { 'Cache-Control': 'no-store' } });
  },
);
