import { HttpError, withRole } from '@/lib/auth/guard';
import { reinvokeCalls } from '@/lib/calls/reinvoke';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Re-invokes failed calls in bulk: `{"ids": ["12", "15"]}` (at most 100), one result per id. */
export const POST = withRole('support', async (req, user) => {
  const body = (await req.json().catch(() => null)) as { ids?: unknown } | null;
  const ids = body?.ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || !ids.every((i) => typeof i === 'string' || typeof i === 'number')) {
    throw new HttpError(400, 'ids: give 1 to 100 call ids.');
  }
  const rt = await getRuntime();
  const results = await reinvokeCalls(
    { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey },
    ids.map(String),
    user,
  );
  return Response.json({ results });
});
