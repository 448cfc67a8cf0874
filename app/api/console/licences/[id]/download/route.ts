import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { downloadLicence, LICENCE_ROLE } from '@/lib/licences/actions';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

const Query = z.object({ licence: z.string().max(64).optional() });

/**
 * GET /api/console/licences/:id/download[?licence=<uuid>] — the current (or an earlier) licence as a file: a key as a
 * `.lic` text file, an upload under its own name. Support role; every download is audited by downloadLicence.
 */
export const GET = consoleRoute<{ id: string }, undefined, typeof Query>(
  { role: LICENCE_ROLE.download, query: Query, audit: 'licence.download', recordedBy: 'domain', target: ({ id }) => `licence/${id.slice(0, 40)}` },
  async ({ runtime, user, params, query }) => {
    const r = await downloadLicence(runtime.pool, user, params.id, query.licence || null);
    if (isRefusal(r)) return r;
    const ascii = r.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return new Response(new Uint8Array(r.content), {
      headers: {
        'Content-Type': r.kind === 'key' ? 'text/plain; charset=utf-8' : 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
        'Cache-Control': 'no-store',
        'X-Content-SHA256': r.sha256,
      },
    });
  },
);
