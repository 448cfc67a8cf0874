import { revokeApiKey } from '@/lib/apikeys/actions';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** Revokes the key (again: no change); revokeApiKey audits the outcome (apikey.revoke), the wrapper a denial. */
export const DELETE = consoleRoute<{ id: string }>({ role: 'admin', audit: 'apikey.revoke', recordedBy: 'domain' }, async ({ runtime, user, params }) => ({
  revokedAt: (await revokeApiKey(runtime, user, params.id)).revokedAt,
}));
