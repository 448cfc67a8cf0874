import { ZodError } from 'zod';
import { HttpError, withRole } from '@/lib/auth/guard';
import { InvalidCursorError, listCalls, parseCallFilters } from '@/lib/calls/queries';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls?direction=&activity=&resultCode=&outcome=&from=&to=&id=&testFlag=&cursor=&limit= */
export const GET = withRole('viewer', async (req) => {
  const params = new URL(req.url).searchParams;
  const rt = await getRuntime();
  try {
    const filters = parseCallFilters(params);
    const limit = params.get('limit') ? Number(params.get('limit')) : undefined;
    if (limit !== undefined && !Number.isInteger(limit)) throw new HttpError(400, 'limit must be an integer');
    return Response.json(await listCalls(rt.pool, filters, { cursor: params.get('cursor'), limit }));
  } catch (err) {
    if (err instanceof ZodError) throw new HttpError(400, `Bad filter: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (err instanceof InvalidCursorError) throw new HttpError(400, err.message);
    throw err;
  }
});
