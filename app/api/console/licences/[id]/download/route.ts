import { withRole } from '@/lib/auth/guard';
import { downloadLicence } from '@/lib/licences/actions';
import { licenceErrorBody } from '@/lib/licences/errors';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/console/licences/:id/download[?licence=<uuid>] — the current (or an earlier) licence as a file: a key as a
 * `.lic` text file, an upload under its own name. Support role; every download is audited.
 */
export const GET = withRole('viewer', async (req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const r = await downloadLicence(rt.pool, user, id, new URL(req.url).searchParams.get('licence'));
  if (!r.ok) return Response.json(licenceErrorBody(r, user.locale), { status: r.httpStatus });
  const ascii = r.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(new Uint8Array(r.content), {
    headers: {
      'Content-Type': r.kind === 'key' ? 'text/plain; charset=utf-8' : 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-SHA256': r.sha256,
    },
  });
});
