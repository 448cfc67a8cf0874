import { z } from 'zod';
import { createApiKey } from '@/lib/apikeys/actions';
import { listApiKeys } from '@/lib/apikeys/queries';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** createApiKey checks the name's length and the scopes (shared with tests). */
const CreateBody = z.object({
  name: z.string({ error: 'errors.apikey.name' }),
  scopes: z.array(z.string(), { error: 'errors.apikey.scopes' }),
});

/** The keys without their secret: id, name, prefix, scopes, created, last used, revoked. */
export const GET = consoleRoute({ role: 'admin' }, async ({ runtime }) => ({ keys: await listApiKeys(runtime.prisma) }));

/** The new key is in this answer only; createApiKey audits the outcome (apikey.create), the wrapper a denial. */
export const POST = consoleRoute(
  { role: 'admin', body: CreateBody, audit: 'apikey.create', recordedBy: 'domain', target: () => null },
  async ({ runtime, user, body }) => Response.json(await createApiKey(runtime, user, body), { status: 201, headers: { 'cache-control': 'no-store' } }),
);
